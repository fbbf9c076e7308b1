"""Which of the login's personal accounts the cabinet shows."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import selectors
from ..cabinet import CURRENT_ACCOUNT_SESSION_KEY


@login_required
@require_POST
def account_switch(request: HttpRequest) -> HttpResponse:
    account = selectors.personal_account_get_for_user(user=request.user,
                                                      number=request.POST.get("number", ""))
    request.session[CURRENT_ACCOUNT_SESSION_KEY] = account.number
    next_path = request.POST.get("next", "")
    return redirect(next_path if _is_cabinet_path(request, next_path) else "cabinet")


def _is_cabinet_path(request: HttpRequest, path: str) -> bool:
    """Back to the tab the switch was made on; never anywhere else."""
    return path.startswith("/cabinet/") and url_has_allowed_host_and_scheme(
        path, allowed_hosts={request.get_host()}, require_https=request.is_secure())

