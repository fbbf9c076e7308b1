"""Errors as RFC 9457 problems (application/problem+json), field details in the language of
the request."""

from django.http import Http404
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
    response = exception_handler(error, context)
    if response is None:
        return None
    request = context["request"]
    title = _("Not found") if isinstance(error, Http404) else None
    problem = {"type": "about:blank", "status": response.status_code,
               "title": title or getattr(error, "default_detail", str(error)),
               "instance": request.path}
    if isinstance(error, exceptions.ValidationError):
        problem["title"] = _("The request has errors")
        problem["errors"] = response.data
    elif isinstance(response.data, dict) and "detail" in response.data:
        problem["detail"] = str(response.data["detail"])
    response.data = problem
    response.content_type = "application/problem+json"
    return response
