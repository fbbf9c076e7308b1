"""The cabinet's cache, its one owner: what a tab is keyed on, how it is drawn and cached
whole, and how a change makes it stale.

A tab of an individual's cabinet is stored whole, keyed on the login, the page, its
language, every account of the login with its cabinet version, and the one generation
of all cabinets. Whatever changes what a tab shows calls personal_accounts_changed
(these accounts) or cabinets_changed (every cabinet); docs/architecture.md lists those
write paths, each with the test that a cached tab shows its change at once.
"""

import hashlib
from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language

from vodokanal.sql import Names

from . import selectors
from .models import CabinetGeneration, PersonalAccount, User
from .sessions import offline_copy_allow

CURRENT_ACCOUNT_SESSION_KEY = "accounts:current_account"
# Above this many accounts a change raises the generation of every cabinet instead.
CABINET_CHANGED_ONE_BY_ONE = 1_000


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
    changes (PersonalAccount.cabinet_key; the receivers of each app for staff's changes).
    A page with a message, or asked for with a query, is drawn afresh. The CSRF token is
    never cached: the page is stored with a stand-in, which each request replaces with its
    own token. The page is stored drawn, not its data: drawing is much of what a tab
    costs (docs/performance.md).
    """
    if request.method != "GET" or request.GET or len(get_messages(request)):
        return render(request, template, context)
    key = _tab_key(request, account, template, vary_on)
    html = cache.get(key)
    if html is None:
        html = render_to_string(template, {**context, "csrf_token": CSRF_STAND_IN},
                                request)
        cache.set(key, html, TAB_SECONDS)
    response = HttpResponse(html.replace(CSRF_STAND_IN, get_token(request)))
    # The installable app's worker keeps this tab to show offline, for a while and for this
    # session's login only (accounts.sessions, vodokanal/pwa.py).
    offline_copy_allow(request, response)
    return response


def _tab_key(request: HttpRequest, account: PersonalAccount, template: str,
             vary_on: tuple) -> str:
    accounts = [(other.pk, other.cabinet_version) for other in request.personal_accounts]
    parts = (template, request.user.pk, request.user.is_staff, request.path, get_language(),
             account.pk, accounts, account.cabinet_generation, vary_on)
    return "cabinet-tab:" + hashlib.md5(repr(parts).encode(), usedforsecurity=False).hexdigest()


def personal_accounts_changed(*, account_ids: Iterable[int]) -> None:
    """What the cabinet shows of these accounts changed: its cached parts are stale."""
    ids = sorted(set(account_ids))
    if len(ids) > CABINET_CHANGED_ONE_BY_ONE:
        cabinets_changed()
    elif ids:
        PersonalAccount.objects.filter(pk__in=ids).update(
            cabinet_version=F("cabinet_version") + 1)


def personal_accounts_changed_sql(*, account_ids: list[int]) -> tuple[str, dict]:
    """personal_accounts_changed for a few accounts, as an UPDATE for another app's
    one-statement write (its sql.py): the text and its parameters, named cabinet_*."""
    a = Names(PersonalAccount)
    return (f"UPDATE {a.table} SET {a.cabinet_version} = {a.cabinet_version} + 1 "  # noqa: S608
            f"WHERE {a.id} = ANY(%(cabinet_accounts)s::bigint[])",
            {"cabinet_accounts": account_ids})


def cabinets_changed() -> None:
    """Something every cabinet may show changed (a month's import, an office): the cached
    parts of all of them are stale, by one row's update."""
    updated = CabinetGeneration.objects.filter(pk=1).update(value=F("value") + 1)
    if not updated:
        CabinetGeneration.objects.get_or_create(pk=1)
