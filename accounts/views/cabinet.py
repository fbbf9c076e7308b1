"""The cabinet's front page and the choice of the personal account it shows."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import selectors
from ..models import PersonalAccount

CURRENT_ACCOUNT_SESSION_KEY = "accounts:current_account"


def current_personal_account(request: HttpRequest) -> PersonalAccount | None:
    """The account the cabinet shows: the one last chosen, or the login's first."""
    return selectors.personal_account_current(
        user=request.user, number=request.session.get(CURRENT_ACCOUNT_SESSION_KEY))


@login_required
def cabinet(request: HttpRequest) -> HttpResponse:
    user = request.user
    accounts = list(selectors.personal_accounts_for_user(user=user))
    current = current_personal_account(request)
    context = {"account": current, "personal_accounts": accounts,
               "organisation": user.organisation}
    return render(request, "accounts/cabinet.html", context)


@login_required
@require_POST
def account_switch(request: HttpRequest) -> HttpResponse:
    account = selectors.personal_account_get_for_user(user=request.user,
                                                      number=request.POST.get("number", ""))
    request.session[CURRENT_ACCOUNT_SESSION_KEY] = account.number
    return redirect("accounts:cabinet")
