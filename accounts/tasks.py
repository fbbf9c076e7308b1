"""Thin Celery tasks: ids in, a service or an e-mail function called, queued after commit."""

from celery import shared_task

from vodokanal.emails import EMAIL_TASK_OPTIONS

from . import emails, selectors
from .models import PersonalAccount, User


@shared_task(**EMAIL_TASK_OPTIONS)
def send_email_registration_link(account_id: int, email: str) -> None:
    account = PersonalAccount.objects.select_related("building").get(pk=account_id)
    emails.registration_link_send(account=account, email=email)


@shared_task(**EMAIL_TASK_OPTIONS)
def send_email_password_recovery(identifier: str) -> None:
    """The lookup happens here, not in the request, so the page answers alike either way."""
    accounts = selectors.personal_accounts_for_recovery(identifier=identifier)
    if accounts:
        emails.password_recovery_send(accounts=accounts)


@shared_task(**EMAIL_TASK_OPTIONS)
def send_email_change_confirmation(user_id: int, new_email: str) -> None:
    emails.email_change_confirmation_send(user=User.objects.get(pk=user_id), new_email=new_email)
