"""The cabinet's common part: which of the login's personal accounts it shows."""

import hashlib
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from .. import selectors
from ..models import PersonalAccount, User

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


TAB_SECONDS = 15 * 60
# Stands for the CSRF token in a cached tab; each request puts its own token in its place.
CSRF_STAND_IN = "csrf-of-the-request-c8d1f0"


def tab_render(request: HttpRequest, account: PersonalAccount, template: str, context: dict, *,
               vary_on: tuple = ()) -> HttpResponse:
    """A tab of the individual's cabinet, the whole page from the cache when nothing it shows
    has changed.

    The key holds the login, the page's address and language, every account of the login
    with its cabinet version (the switcher shows them all), the cabinets' generation and
    what the view adds (`vary_on`); everything a tab shows raises one of these when it
    changes (PersonalAccount.cabinet_key; accounts.signals for staff's changes to an
    account, a building, a management company). A page with a message, or asked for with
    a query, is drawn afresh. The CSRF token is never cached: the page is stored with a
    stand-in, which each request replaces with its own token.

    Drawing the page was a third of what a cached tab cost (0.8 of 2.6 ms in-process).
    """
    if request.method != "GET" or request.GET or len(get_messages(request)):
        return render(request, template, context)
    key = _tab_key(request, account, template, vary_on)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, {**context, "csrf_token": CSRF_STAND_IN},
                                request)
        cache.set(key, html, TAB_SECONDS)
    return HttpResponse(html.replace(CSRF_STAND_IN, get_token(request)))


def _tab_key(request: HttpRequest, account: PersonalAccount, template: str,
             vary_on: tuple) -> str:
    accounts = [(other.pk, other.cabinet_version) for other in request.personal_accounts]
    parts = (template, request.user.pk, request.user.is_staff, request.path, get_language(),
             account.pk, accounts, account.cabinet_generation, vary_on)
    return "cabinet-tab:" + hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()


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

