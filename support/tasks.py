"""Notices: fan-out (who gets one) and delivery (by channel), in batches."""

from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from billing.periods import add_months
from meters.models import ReadingRules

from .models import Channel, NoticeKind
from .notifications import (
    TEMPORARY_ERRORS,
    answer_recipients,
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


_SENDERS = {Channel.EMAIL: send_email_notices, Channel.SMS: send_sms_notices}


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


@shared_task
def fan_out_question_answered(question_id: int) -> int:
    """The author: in the cabinet always, and by the channels they chose."""
    return _queue_and_send(NoticeKind.QUESTION_ANSWERED, answer_recipients(question_id))


@shared_task
def queue_paperless_receipts(period: str | None = None) -> int:
    """The month's receipt, by e-mail, for every account whose holder opted in (monthly)."""
    month = date.fromisoformat(period) if period else add_months(
        timezone.localdate().replace(day=1), -1)
    return _queue_and_send(NoticeKind.PAPERLESS_RECEIPT, paperless_receipt_recipients(month))


@shared_task
def send_reading_reminders() -> int:
    """Daily: the window opens; two days before it closes, to those who have not sent; a
    meter's verification in 30 days. Each notice once (its key names the month or the meter)."""
    today = timezone.localdate()
    rules = ReadingRules.current()
    period = today.replace(day=1)
    queued = _queue_and_send(NoticeKind.VERIFICATION_DUE, verification_recipients(today))
    if today.day == rules.opens_on_day:
        queued += _queue_and_send(NoticeKind.READING_REMINDER, reading_recipients(
            period, "window_open", today.replace(day=rules.closes_on_day)))
    if today.day == rules.closes_on_day - 2:
        queued += _queue_and_send(NoticeKind.READING_REMINDER, reading_recipients(
            period, "reading_missing", today.replace(day=rules.closes_on_day)))
    return queued
