"""Logins by personal account number and by an organisation's access code.

Both take the same time whether or not the login exists (a password is
hashed either way), so a response time does not tell which accounts exist.
"""

from django.contrib.auth.backends import ModelBackend

from .models import User
from .numbers import InvalidAccountNumber, normalise_account_number
from .selectors import individual_of_account_number, organisation_login_of_code


class _PasswordBackend(ModelBackend):
    def _check(self, user: User | None, password: str) -> User | None:
        if user is None:
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class AccountNumberBackend(_PasswordBackend):
    """An individual: personal account number + password."""

    def authenticate(self, request, account_number=None, password=None, **kwargs):
        if account_number is None or password is None:
            return None
        try:
            number = normalise_account_number(account_number)
        except InvalidAccountNumber:
            number = None
        return self._check(individual_of_account_number(number) if number else None, password)


class AccessCodeBackend(_PasswordBackend):
    """A legal entity or a management company: access code + password."""

    def authenticate(self, request, access_code=None, password=None, kind=None, **kwargs):
        if access_code is None or password is None or kind is None:
            return None
        return self._check(organisation_login_of_code(access_code, kind), password)
