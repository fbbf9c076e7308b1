"""How django-axes tells logins and clients apart.

Attempts are counted per (login, client IP): a neighbour typing wrong passwords
for someone's account from their own flat cannot lock the owner out elsewhere,
and every lock lifts by itself after AXES_COOLOFF_TIME.
"""

from django.conf import settings
from django.http import HttpRequest

from .numbers import InvalidAccountNumber, normalise_account_number


def login_of(request: HttpRequest, credentials: dict | None) -> str | None:
    """One key per login whatever the form: `11-7785` and `11-0007785` count together.

    The login typed is looked for in the credentials, then in the form: on a success
    django-axes passes only the user's username (`account-01-1234567`), and the reset of
    the failures before it must find them under the key they were counted under."""
    for source in (credentials or {}, request.POST):
        if source.get("account_number"):
            try:
                return f"account:{normalise_account_number(source['account_number'])}"
            except InvalidAccountNumber:
                return f"account:{source['account_number'].strip()}"
        if source.get("access_code"):
            return f"code:{source['access_code'].strip().upper()}"
    return (credentials or request.POST).get("username")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, read past our own proxies (TRUSTED_PROXY_COUNT of them)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR")
