"""The e-mails about logins: one function each, with templates under accounts/email/."""

from collections.abc import Sequence

from django.utils import timezone
from django.utils.http import urlsafe_base64_encode

from vodokanal.emails import templated_email_send

from . import tokens
from .models import AccessToken, PersonalAccount, User


def registration_link_send(*, account: PersonalAccount, email: str) -> None:
    token = tokens.registration_token(account=account, email=email)
    link = tokens.absolute_link("accounts:registration_password", token=token)
    templated_email_send(to=email, template="accounts/email/registration",
                         context={"account": account, "link": link})


def password_recovery_send(*, accounts: Sequence[PersonalAccount]) -> None:
    """One message to the address on file, a link for each account registered to it."""
    entries = [{"account": account, "link": _recovery_link(account)} for account in accounts]
    templated_email_send(to=accounts[0].user.email, template="accounts/email/recovery",
                         context={"entries": entries})


def email_change_confirmation_send(*, user: User, new_email: str) -> None:
    token = tokens.email_change_token(user=user, new_email=new_email)
    link = tokens.absolute_link("accounts:email_confirm", token=token)
    templated_email_send(to=new_email, template="accounts/email/email_change",
                         context={"user": user, "link": link})


def _recovery_link(account: PersonalAccount) -> str:
    return tokens.absolute_link("accounts:recovery_password",
                                account=urlsafe_base64_encode(str(account.pk).encode()),
                                token=tokens.recovery_token(user=account.user))


# What changed in a login, told to its owner in case it was not them.

def password_changed_send(*, user: User) -> None:
    templated_email_send(to=user.email, template="accounts/email/password_changed",
                         context={"user": user, "when": timezone.now(),
                                  "recovery": tokens.absolute_link("accounts:recovery")})


def email_changed_notice_send(*, user: User, old_email: str) -> None:
    templated_email_send(to=old_email, template="accounts/email/email_changed",
                         context={"user": user, "new_email": email_masked(user.email),
                                  "when": timezone.now()})


def token_issued_send(*, token: AccessToken) -> None:
    templated_email_send(to=token.user.email, template="accounts/email/token_issued",
                         context={"token": token, "tokens": tokens.absolute_link(
                             "accounts:access_tokens")})


def email_masked(email: str) -> str:
    """n*****@mail.ru: enough for the owner to know the address, little for anyone else."""
    name, _at, domain = email.partition("@")
    return f"{name[:1]}{'*' * max(len(name) - 1, 1)}@{domain}"
