"""The cabinet's common part: which of the login's personal accounts it shows."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .. import selectors
from ..models import User

CURRENT_ACCOUNT_SESSION_KEY = "accounts:current_account"


def login_kind_required(kind: str):
    """Pages for one kind of login; any other kind is sent to its own cabinet."""
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.kind != kind:
                return redirect("cabinet")
            return view(request, *args, **kwargs)
        return wrapper
    return decorator


def personal_account_required(view):
    """For the tabs of an individual's cabinet: calls `view(request, account)`.

    `account` is the one the user chose last (or their first); the list of all
    of them is left on `request.personal_accounts` for the switcher. One query.
    """
    @login_kind_required(User.Kind.INDIVIDUAL)
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        accounts = list(selectors.personal_accounts_for_user(user=request.user))
        if not accounts:
            return render(request, "accounts/no_account.html")
        chosen = request.session.get(CURRENT_ACCOUNT_SESSION_KEY)
        account = next((a for a in accounts if a.number == chosen), accounts[0])
        request.personal_accounts = accounts
        return view(request, account, *args, **kwargs)
    return wrapper


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

