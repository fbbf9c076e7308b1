"""Thin Celery tasks: ids in, a service or an e-mail function called, queued after commit."""

from celery import shared_task

from vodokanal.emails import EMAIL_TASK_OPTIONS
from vodokanal.throttle import mail_allowed

from . import emails, selectors
from .models import AccessToken, PersonalAccount, User


@shared_task(**EMAIL_TASK_OPTIONS)
def send_email_registration_link(account_id: int, email: str) -> None:
    account = PersonalAccount.objects.select_related("building").get(pk=account_id)
    emails.registration_link_send(account=account, email=email)


@shared_task(bind=True, **EMAIL_TASK_OPTIONS)
def send_email_password_recovery(self, identifier: str) -> None:
    """The lookup happens here, not in the request, so the page answers alike either way."""
    accounts = selectors.personal_accounts_for_recovery(identifier=identifier)
    if not accounts:
        return
    # However the mailbox was named (a number, another number of it, the address), it gets
    # only so many letters an hour, counted once a letter (not again when a retry sends
    # it); the links of those it got still work.
    if self.request.retries == 0 and not mail_allowed(accounts[0].user.email):
        return
    emails.password_recovery_send(accounts=accounts)


@shared_task(**EMAIL_TASK_OPTIONS)
def send_email_change_confirmation(user_id: int, new_email: str) -> None:
    emails.email_change_confirmation_send(user=User.objects.get(pk=user_id), new_email=new_email)


@shared_task(**EMAIL_TASK_OPTIONS)
def send_email_password_changed(user_id: int) -> None:
    emails.password_changed_send(user=User.objects.get(pk=user_id))


@shared_task(**EMAIL_TASK_OPTIONS)
def send_email_changed_notice(user_id: int, old_email: str) -> None:
    emails.email_changed_notice_send(user=User.objects.get(pk=user_id), old_email=old_email)


@shared_task(**EMAIL_TASK_OPTIONS)
def send_email_token_issued(token_id: int) -> None:
    emails.token_issued_send(token=AccessToken.objects.select_related("user").get(pk=token_id))
