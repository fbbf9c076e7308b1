"""The portal's URLs and the baselines everything is measured against: a minimal logged-in
view, and a minimal API view.

Each goes through the same machinery as what it is a baseline of (the middleware; the
session and CSRF for a page, DRF with the token, its scope and its rate for the API) and
does nothing else, so "page ÷ minimal" is what the page or endpoint itself costs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_http_methods
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AccessToken
from vodokanal.urls import urlpatterns as portal


@login_required
@require_http_methods(["GET", "POST"])
def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


class MinimalApiView(APIView):
    required_scope = AccessToken.Scope.READINGS

    def post(self, request):
        return Response("ok")


urlpatterns = [path("bench/minimal/", minimal, name="bench_minimal"),
               path("bench/minimal-api/", MinimalApiView.as_view(), name="bench_minimal_api"),
               *portal]
