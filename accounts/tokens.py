"""The tokens in links we e-mail: single use, valid PASSWORD_RESET_TIMEOUT (24 hours).

A token travels in the query string and the landing view moves it into the
session at once, then redirects to a URL without it: it never reaches an access
log, a Referer header or the browser's history of the form page.

- Registration: sealed (account, e-mail). Used up when the account gets its login.
- Password recovery: Django's token for the login, which changes with the password.
- E-mail change: sealed (login, old e-mail, new e-mail, a mark of the password). Used up
  once the e-mail changes; void once the password changes.

Sealed is encrypted and authenticated (Fernet, a key drawn from SECRET_KEY), not only
signed: a link shows no e-mail address to whoever sees it (a signed token is base64 that
anybody reads).
"""

import base64
import json
from dataclasses import dataclass

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken as FernetInvalidToken
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlencode

from .models import PersonalAccount, User

_REGISTRATION_SALT = "accounts.registration"
_EMAIL_CHANGE_SALT = "accounts.email-change"


class InvalidToken(Exception):
    """Expired, tampered with or already used."""


@dataclass(frozen=True)
class RegistrationClaim:
    account_id: int
    email: str


@dataclass(frozen=True)
class EmailChangeClaim:
    user_id: int
    old_email: str
    new_email: str
    password_mark: str  # password_mark(user) when the link was made

    def still_valid_for(self, user: User) -> bool:
        """Its login's e-mail and password are as they were when the link was made."""
        return (user.email == self.old_email
                and constant_time_compare(password_mark(user), self.password_mark))


def absolute_link(url_name: str, **query: str) -> str:
    link = f"{settings.SITE_URL}{reverse(url_name)}"
    return f"{link}?{urlencode(query)}" if query else link


def registration_token(*, account: PersonalAccount, email: str) -> str:
    return _seal({"a": account.pk, "e": email}, salt=_REGISTRATION_SALT)


def registration_claim(token: str) -> RegistrationClaim:
    payload = _load(token, salt=_REGISTRATION_SALT)
    return RegistrationClaim(account_id=payload["a"], email=payload["e"])


def password_mark(user: User) -> str:
    """Changes with the password (its hash is salted anew), and says nothing about it."""
    return salted_hmac(_EMAIL_CHANGE_SALT, user.password).hexdigest()[:20]


def email_change_token(*, user: User, new_email: str) -> str:
    return _seal({"u": user.pk, "o": user.email, "n": new_email, "p": password_mark(user)},
                 salt=_EMAIL_CHANGE_SALT)


def email_change_claim(token: str) -> EmailChangeClaim:
    payload = _load(token, salt=_EMAIL_CHANGE_SALT)
    return EmailChangeClaim(user_id=payload["u"], old_email=payload["o"],
                            new_email=payload["n"], password_mark=payload.get("p", ""))


def recovery_token(*, user: User) -> str:
    """Django's reset token: it hashes the password, so setting one uses it up."""
    return default_token_generator.make_token(user)


def recovery_token_valid(*, user: User, token: str) -> bool:
    return default_token_generator.check_token(user, token)


def _fernet(salt: str) -> Fernet:
    key = salted_hmac(salt, "link-token-key", algorithm="sha256").digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(payload: dict, *, salt: str) -> str:
    return _fernet(salt).encrypt(json.dumps(payload).encode()).decode()


def _load(token: str, *, salt: str) -> dict:
    try:
        sealed = _fernet(salt).decrypt(token.encode(), ttl=settings.PASSWORD_RESET_TIMEOUT)
        payload = json.loads(sealed)
    except (FernetInvalidToken, ValueError) as error:  # expired is invalid too
        raise InvalidToken from error
    if not isinstance(payload, dict):
        raise InvalidToken
    return payload
