"""What the registration, recovery and profile views share."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from vodokanal.throttle import limit_reached_message


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


def too_many_attempts(request: HttpRequest, template: str, context: dict, form) -> HttpResponse:
    form.add_error(None, limit_reached_message())
    return render(request, template, context, status=429)
