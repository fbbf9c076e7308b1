"""Notices: fan-out (who gets one) and delivery (by channel), in batches."""

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from billing.periods import add_months
from meters.models import ReadingRules
from meters.window import window_of_month
from payments.models import PaymentOrder
from vodokanal.emails import templated_email_send

from .models import Channel, NoticeKind, Question
from .notifications import (
    TEMPORARY_ERRORS,
    announcement_recipients,
    answer_recipients,
    autopay_recipients,
    debt_recipients,
    document_recipients,
    notice_claim,
    notice_deliver,
    notice_give_up,
    notices_queue,
    notices_shown_in_cabinet,
    paperless_receipt_recipients,
    payment_recipients,
    reading_recipients,
    tariff_change_recipients,
    verification_recipients,
)

MAX_RETRIES = 8


def _send_batch(task, keys: list[str]) -> None:
    """Deliver every still-pending notice of the batch; retry the batch for those that failed."""
    failed = None
    for key in keys:
        notice = notice_claim(key)
        if notice is None:
            continue  # sent already, or another worker has it
        try:
            notice_deliver(notice)
        except TEMPORARY_ERRORS as error:
            failed = error
    if failed is None:
        return
    # Run in-process (make run, unit tests) there is no later to retry at.
    if task.request.is_eager or task.request.retries >= MAX_RETRIES:
        for key in keys:
            notice_give_up(key, failed)
        return
    backoff = settings.NOTICE_RETRY_SECONDS * 2 ** task.request.retries
    raise task.retry(exc=failed, countdown=min(backoff, 3600))


@shared_task(bind=True, max_retries=MAX_RETRIES)
def send_email_notices(self, keys: list[str]) -> None:
    _send_batch(self, keys)


@shared_task(bind=True, max_retries=MAX_RETRIES)
def send_sms_notices(self, keys: list[str]) -> None:
    _send_batch(self, keys)


@shared_task(bind=True, max_retries=MAX_RETRIES)
def send_push_notices(self, keys: list[str]) -> None:
    _send_batch(self, keys)


_SENDERS = {Channel.EMAIL: send_email_notices, Channel.SMS: send_sms_notices,
            Channel.PUSH: send_push_notices}


def _queue_and_send(kind: str, recipients) -> int:
    queued = 0
    for batch in notices_queue(kind=kind, recipients=recipients):
        notices_shown_in_cabinet(keys=[key for key in batch if key.endswith(":cabinet")])
        for channel, sender in _SENDERS.items():
            keys = [key for key in batch if key.endswith(f":{channel}")]
            if keys:
                sender.delay(keys)
        queued += len(batch)
    return queued


@shared_task
def fan_out_tariff_change(tariff_id: int) -> int:
    """Everyone who asked, with an account of the tariff's category, once per channel."""
    return _queue_and_send(NoticeKind.TARIFF_CHANGE, tariff_change_recipients(tariff_id))


@shared_task
def fan_out_document_published(document_id: int) -> int:
    """The organisation's login, if it asked (the contracts office turns e-mail on)."""
    return _queue_and_send(NoticeKind.DOCUMENT_PUBLISHED, document_recipients(document_id))


@shared_task
def fan_out_payment_received(order_pk: int) -> int:
    """The payer: in the cabinet always, and by the channels they chose; once per order."""
    return _queue_and_send(NoticeKind.PAYMENT_RECEIVED, payment_recipients(order_pk))


@shared_task(bind=True, max_retries=MAX_RETRIES)
def send_guest_payment_mail(self, order_pk: int) -> None:
    """A payment made without a login, confirmed: to the e-mail its payer gave (no login,
    so no outbox row: the task is retried until the mail server takes it)."""
    order = (PaymentOrder.objects.filter(pk=order_pk, user=None).exclude(payer_email="")
             .prefetch_related("lines__account").first())
    if order is not None:
        _mail_or_retry(self, to=order.payer_email, template="support/notices/payment_received",
                       context={"order": order})


def _mail_or_retry(task, *, to: str, template: str, context: dict) -> None:
    """A mail to someone without a login: the task is tried again, later each time, while
    the mail server fails for a while."""
    try:
        templated_email_send(to=to, template=template, context=context)
    except TEMPORARY_ERRORS as error:
        if task.request.is_eager:
            raise
        backoff = settings.NOTICE_RETRY_SECONDS * 2 ** task.request.retries
        raise task.retry(exc=error, countdown=min(backoff, 3600)) from error


@shared_task
def fan_out_autopay(run_id: int, event: str) -> int:
    """The autopay's payer: the amount the day before ("planned"), or a declined charge."""
    return _queue_and_send(NoticeKind.AUTOPAY, autopay_recipients(run_id, event))


@shared_task
def fan_out_question_answered(question_id: int) -> int:
    """The author: in the cabinet always, and by the channels they chose."""
    return _queue_and_send(NoticeKind.QUESTION_ANSWERED, answer_recipients(question_id))


@shared_task(bind=True, max_retries=MAX_RETRIES)
def send_guest_answer(self, question_id: int) -> None:
    """The answer to a guest's question, to the e-mail they gave (no login, so no outbox
    row: the task is retried until the mail server takes it)."""
    question = Question.objects.get(pk=question_id)
    _mail_or_retry(self, to=question.guest_email, template="support/guest_answer",
                   context={"question": question})


@shared_task
def fan_out_announcement(announcement_id: int, version: int) -> int:
    """Those who asked, at its addresses, and those told of an earlier version: once each."""
    kind, recipients = announcement_recipients(announcement_id, version)
    return _queue_and_send(kind, recipients)


@shared_task
def queue_paperless_receipts(period: str | None = None) -> int:
    """The month's receipt, by e-mail, for every account whose holder opted in (monthly)."""
    month = date.fromisoformat(period) if period else add_months(
        timezone.localdate().replace(day=1), -1)
    return _queue_and_send(NoticeKind.PAPERLESS_RECEIPT, paperless_receipt_recipients(month))


# A month's bill is due by the 10th of the next month (Housing Code, art. 155).
DEBT_REMINDER_FROM_DAY = 11
# Those with no reading yet are reminded this many days before the window closes.
READING_MISSING_DAYS = 2


@shared_task
def send_reminders() -> int:
    """Daily. What is due and not yet sent goes out, each notice once (its key names the
    month, the meter or the account), so a day the scheduler skipped is made up the next
    day and a day it ran twice sends nothing twice. While the window is open: that it is;
    in its last days, to those with no reading yet; a meter's verification due within 30
    days; from the 11th, a debt."""
    today = timezone.localdate()
    window = window_of_month(today=today, rules=ReadingRules.current())
    queued = _queue_and_send(NoticeKind.VERIFICATION_DUE, verification_recipients(today))
    if window.is_open(today):
        late = today >= window.closes - timedelta(days=READING_MISSING_DAYS)
        what = "reading_missing" if late else "window_open"
        queued += _queue_and_send(NoticeKind.READING_REMINDER,
                                  reading_recipients(window.period, what, window.closes))
    if today.day >= DEBT_REMINDER_FROM_DAY:
        queued += _queue_and_send(NoticeKind.DEBT_REMINDER,
                                  debt_recipients(today.replace(day=1)))
    return queued
