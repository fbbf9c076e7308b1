"""The portal's URLs and the baseline every page is measured against: a minimal logged-in view.

It goes through the same middleware (session, authentication, CSRF on POST) and
does nothing else, so "page ÷ minimal" is what the page itself costs.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.http import require_http_methods

from vodokanal.urls import urlpatterns as portal


@login_required
@require_http_methods(["GET", "POST"])
def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal, name="bench_minimal"), *portal]
