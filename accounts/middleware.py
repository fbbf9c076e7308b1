from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from .sessions import session_expired_end, session_login_mark


class PasswordChangeRequiredMiddleware:
    """A login issued with an initial password must choose its own before anything else."""

    ALLOWED_NAMES = ("accounts:password_change", "accounts:logout", "set_language")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in self.ALLOWED_NAMES}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:password_change")
        return self.get_response(request)


class SessionLifetimeMiddleware:
    """A short session past its limits ends here, before the view (accounts.sessions); the
    answer then also clears what the installable app kept on the device, as a logout does.
    Every answer names its session's login for the app's worker, and no answer to a login
    or of the API is kept by any cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        ended = user is not None and user.is_authenticated and session_expired_end(request)
        response = self.get_response(request)
        if ended:
            response["Clear-Site-Data"] = '"cache", "storage"'
        session_login_mark(request, response)
        user = getattr(request, "user", None)  # the API's views leave None for no token
        private = (user is not None and user.is_authenticated) or _is_api(request)
        if private and not response.has_header("Cache-Control"):
            # A resident's page or data: no shared cache keeps it, nor the browser's.
            add_never_cache_headers(response)
        return response


def _is_api(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and match.namespace == "api"
