"""What the registration, recovery and profile views share."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vodokanal.throttle import attempt_allowed

from ..lockout import client_ip

# Attempts per client IP and hour at the forms that check details against the
# register or send mail; a person needs a few, a script needs thousands.
ATTEMPTS_PER_HOUR = 10


def token_landing(request: HttpRequest, *, session_key: str, names: tuple[str, ...],
                  url_name: str) -> HttpResponse | None:
    """The first visit from an e-mailed link: keep its query in the session, drop it from the URL.

    Returns the redirect to make, or None when the request carries no token.
    """
    if "token" not in request.GET:
        return None
    request.session[session_key] = {name: request.GET.get(name, "") for name in names}
    return redirect(url_name)


def link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/link_invalid.html", status=400)


def attempt_allowed_for(request: HttpRequest, scope: str) -> bool:
    return attempt_allowed(scope=scope, key=client_ip(request) or "unknown",
                           limit=ATTEMPTS_PER_HOUR, window_seconds=3600)


def too_many_attempts(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    message = _("Too many attempts. Try again in an hour or call %(phone)s.")
    form.add_error(None, message % {"phone": settings.UTILITY["SUPPORT_PHONE"]})
    return render(request, template, context, status=429)
