"""The e-mails about logins: one function each, with templates under accounts/email/."""

from collections.abc import Sequence

from django.utils.http import urlsafe_base64_encode

from vodokanal.emails import templated_email_send

from . import tokens
from .models import PersonalAccount, User


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
