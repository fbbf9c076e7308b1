"""How django-axes tells logins and clients apart, and the budget per client address.

Attempts are counted per (login, client address): a neighbour typing wrong passwords
for someone's account from their own flat cannot lock the owner out elsewhere, and
every lock lifts by itself after AXES_COOLOFF_TIME. Failures from one address across
all logins are limited too (LOGIN_FAILURES_PER_CLIENT_ADDRESS): one password tried
against thousands of account numbers would never trip the first limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest
from django.utils import timezone

from .numbers import InvalidAccountNumber, normalise_account_number
from .selectors import individual_of_account_number, organisation_login_of_code


def login_of(request: HttpRequest, credentials: dict | None) -> str | None:
    """One key per login, whatever the form and however it is typed.

    A login that exists is known by its username: `11-7785` and `11-0007785` at the
    cabinet, any other account number of the same login, and the username typed at the
    admin's form all count together. On a success django-axes passes only the username,
    and the reset of the failures before it finds them under the same key.
    """
    typed = {**request.POST.dict(), **(credentials or {})}
    if typed.get("account_number"):
        return _account_number_login(typed["account_number"])
    if typed.get("access_code"):
        return _access_code_login(typed["access_code"], typed.get("kind"))
    return f"user:{typed['username']}" if typed.get("username") else None


def _account_number_login(typed: str) -> str:
    try:
        number = normalise_account_number(typed)
    except InvalidAccountNumber:
        return f"account:{typed.strip()}"
    user = individual_of_account_number(number)
    return f"user:{user.username}" if user else f"account:{number}"


def _access_code_login(typed: str, kind: str | None) -> str:
    user = organisation_login_of_code(typed, kind)
    return f"user:{user.username}" if user else f"code:{typed.strip().upper()}"


class LoginLockoutHandler(AxesDatabaseHandler):
    """django-axes' lockout per (login, address), and the budget of one address."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        budget = settings.LOGIN_FAILURES_PER_CLIENT_ADDRESS
        return (super().is_locked(request, credentials)
                or self.failures_from_address(request) >= budget)

    @staticmethod
    def failures_from_address(request) -> int:
        since = timezone.now() - settings.AXES_COOLOFF_TIME
        failures = AccessAttempt.objects.filter(
            ip_address=request.axes_ip_address, attempt_time__gte=since,
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return failures or 0
