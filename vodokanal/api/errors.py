"""Errors as RFC 9457 problems (application/problem+json), field details in the language of
the request."""

from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(required=False)
    instance = serializers.CharField(required=False)
    errors = serializers.DictField(required=False)


def problem_handler(error, context):
    """The problem as JSON whatever the view renders (the schema's view renders YAML), its
    headers kept (Retry-After, WWW-Authenticate, Allow)."""
    response = exception_handler(error, context)
    if response is None:
        return None
    request = context["request"]
    problem = {"type": "about:blank", "status": response.status_code,
               "title": _problem_title(error), "instance": request.path}
    if isinstance(error, exceptions.ValidationError):
        problem["title"] = _("The request has errors")
        problem["errors"] = response.data
    elif isinstance(response.data, dict) and "detail" in response.data:
        problem["detail"] = str(response.data["detail"])
    answer = JsonResponse(problem, status=response.status_code,
                          content_type="application/problem+json",
                          json_dumps_params={"ensure_ascii": False})
    for header, value in response.headers.items():
        if header.lower() in ("retry-after", "www-authenticate", "allow"):
            answer[header] = value
    return answer


def _problem_title(error) -> str:
    """The kind of problem, the same each time: DRF's default text, unless it has a blank
    to fill ('Method "{method}" not allowed.'), when this occurrence's own text is used."""
    if isinstance(error, Http404):
        return _("Not found")
    default = str(getattr(error, "default_detail", "") or error)
    if "{" in default and isinstance(getattr(error, "detail", None), str):
        return str(error.detail)
    return default
