"""The installable app: the web app manifest, the service worker (served from the site's
root, so that its scope is the whole site) and the page it shows offline.

Offline the worker shows the cabinet tabs the resident last opened, read-only and marked
with when they were kept (static/js/pwa.js disables their forms); it keeps nothing else of
a login's, never a POST. A copy lives as long as its session would and at most
OFFLINE_COPY_HOURS; any page of another login, or of none (a session that has ended),
drops it; logging out clears it (Clear-Site-Data, accounts' logout).
"""

import functools
import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from accounts.sessions import OFFLINE_COPY_UNTIL_HEADER, SESSION_LOGIN_HEADER

# What the worker keeps when it installs: the offline page needs these.
OFFLINE_STATIC = ["css/site.css", "js/pwa.js", "img/drop.svg", "icons/icon-192.png"]
# The tabs kept as the resident last saw them (drawn by accounts.cabinet.tab_render).
OFFLINE_TABS = ["cabinet", "billing:charges", "meters:meters"]
THEME_COLOUR = "#0a6ebd"


@functools.cache
def static_version() -> str:
    """A hash of the static files the worker keeps: a deploy that changes one installs a new
    worker, which drops the old copies."""
    digest = hashlib.sha256()
    for name in OFFLINE_STATIC:
        digest.update(Path(finders.find(name)).read_bytes())
    return digest.hexdigest()[:16]


def manifest(request: HttpRequest) -> JsonResponse:
    """In the language of the request (the names and the description)."""
    icons = [{"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}",
              "type": "image/png", "purpose": purpose}
             for size in (192, 512) for purpose in ("any", "maskable")]
    data = {
        "id": reverse("cabinet"), "start_url": reverse("cabinet"), "scope": "/",
        "name": _("%(utility)s: customer portal") % {"utility": settings.UTILITY["SHORT_NAME"]},
        "short_name": settings.UTILITY["SHORT_NAME"],
        "description": _("Charges, payments, meter readings and notices of your account."),
        "lang": request.LANGUAGE_CODE, "display": "standalone",
        "theme_color": THEME_COLOUR, "background_color": "#f3f6f9", "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    script = render_to_string("pwa/sw.js", {
        "version": static_version(), "offline_url": reverse("offline"),
        "static_urls": json.dumps([static(name) for name in OFFLINE_STATIC]),
        "tabs": json.dumps([reverse(name) for name in OFFLINE_TABS]),
        "session_header": SESSION_LOGIN_HEADER, "until_header": OFFLINE_COPY_UNTIL_HEADER,
    })
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """The same for everybody: the worker keeps it when it installs."""
    return render(request, "pwa/offline.html",
                  {"offline_hours": max(1, round(settings.OFFLINE_COPY_HOURS))})
