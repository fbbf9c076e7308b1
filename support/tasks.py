"""Notices: fan-out (who gets one) and delivery (by channel), in batches."""

from datetime import date, timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from accounts.models import Channel, NoticeKind, PersonalAccount
from billing.models import Document, Tariff
from billing.periods import add_months
from meters.models import Meter, ReadingRules
from payments.models import PaymentOrder

from .models import Question
from .notifications import (
    TEMPORARY_ERRORS,
    Recipient,
    notice_claim,
    notice_deliver,
    notice_give_up,
    notices_queue,
    notices_shown_in_cabinet,
    subscribers,
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
    tariff = Tariff.objects.get(pk=tariff_id)
    choices = (subscribers(NoticeKind.TARIFF_CHANGE)
               .filter(user__personal_accounts__category=tariff.category)
               .values_list("user_id", "channel").distinct())
    recipients = (Recipient(user_id, channel, key=f"tariff:{tariff.pk}",
                            payload={"tariff": tariff.pk})
                  for user_id, channel in choices.iterator(chunk_size=5000))
    return _queue_and_send(NoticeKind.TARIFF_CHANGE, recipients)


@shared_task
def fan_out_document_published(document_id: int) -> int:
    """The organisation's login, if it asked (the contracts office turns e-mail on)."""
    document = Document.objects.get(pk=document_id)
    choices = (subscribers(NoticeKind.DOCUMENT_PUBLISHED)
               .filter(user__organisation=document.organisation_id)
               .values_list("user_id", "channel"))
    recipients = (Recipient(user_id, channel, key=f"document:{document.pk}",
                            payload={"document": document.pk}) for user_id, channel in choices)
    return _queue_and_send(NoticeKind.DOCUMENT_PUBLISHED, recipients)


@shared_task
def fan_out_payment_received(order_pk: int) -> int:
    """The payer: in the cabinet always, and by the channels they chose; once per order."""
    payer = PaymentOrder.objects.filter(pk=order_pk).values_list("user_id", flat=True)
    choices = (subscribers(NoticeKind.PAYMENT_RECEIVED)
               .filter(user__in=payer).values_list("user_id", "channel"))
    recipients = (Recipient(user_id, channel, key=f"payment:{order_pk}",
                            payload={"order": order_pk})
                  for user_id, channel in _with_cabinet(payer, choices))
    return _queue_and_send(NoticeKind.PAYMENT_RECEIVED, recipients)


@shared_task
def fan_out_question_answered(question_id: int) -> int:
    """The author: in the cabinet always, and by the channels they chose."""
    author = Question.objects.filter(pk=question_id).values_list("user_id", flat=True)
    choices = (subscribers(NoticeKind.QUESTION_ANSWERED)
               .filter(user__in=author).values_list("user_id", "channel"))
    recipients = (Recipient(user_id, channel, key=f"answer:{question_id}",
                            payload={"question": question_id})
                  for user_id, channel in _with_cabinet(author, choices))
    return _queue_and_send(NoticeKind.QUESTION_ANSWERED, recipients)


def _with_cabinet(users, choices) -> list[tuple[int, str]]:
    """The notices list of the cabinet, besides what the subscriber chose."""
    return [*((user_id, Channel.CABINET) for user_id in users), *choices]


@shared_task
def queue_paperless_receipts(period: str | None = None) -> int:
    """The month's receipt, by e-mail, for every account whose holder opted in (monthly)."""
    month = date.fromisoformat(period) if period else add_months(
        timezone.localdate().replace(day=1), -1)
    accounts = (PersonalAccount.objects
                .filter(user__notification_choices__kind=NoticeKind.PAPERLESS_RECEIPT,
                        user__notification_choices__channel=Channel.EMAIL,
                        user__is_active=True, balances__period=month)
                .values_list("user_id", "id").order_by("id"))
    recipients = (Recipient(user_id, Channel.EMAIL, key=f"receipt:{month:%Y-%m}:account:{pk}",
                            payload={"account": pk, "period": month.isoformat()})
                  for user_id, pk in accounts.iterator(chunk_size=5000))
    return _queue_and_send(NoticeKind.PAPERLESS_RECEIPT, recipients)


@shared_task
def send_reading_reminders() -> int:
    """Daily: the window opens; two days before it closes, to those who have not sent; a
    meter's verification in 30 days. Each notice once (its key names the month or the meter)."""
    today = timezone.localdate()
    rules = ReadingRules.current()
    period = today.replace(day=1)
    queued = _queue_and_send(NoticeKind.VERIFICATION_DUE, _verification_recipients(today))
    if today.day == rules.opens_on_day:
        queued += _queue_and_send(NoticeKind.READING_REMINDER, _reading_recipients(
            period, "window_open", today.replace(day=rules.closes_on_day)))
    if today.day == rules.closes_on_day - 2:
        queued += _queue_and_send(NoticeKind.READING_REMINDER, _reading_recipients(
            period, "reading_missing", today.replace(day=rules.closes_on_day)))
    return queued


def _reading_recipients(period: date, what: str, closes: date):
    meters = Meter.objects.filter(removed_on__isnull=True, account__isnull=False,
                                  account__building__has_communal_meter=False)
    if what == "reading_missing":
        meters = meters.exclude(readings__period=period)
    choices = (subscribers(NoticeKind.READING_REMINDER)
               .filter(user__in=meters.values("account__user"))
               .values_list("user_id", "channel"))
    return (Recipient(user_id, channel, key=f"{what}:{period:%Y-%m}",
                      payload={"what": what, "closes": closes.isoformat()})
            for user_id, channel in choices.iterator(chunk_size=5000))


def _verification_recipients(today: date):
    due = today + timedelta(days=30)
    rows = (subscribers(NoticeKind.VERIFICATION_DUE)
            .filter(user__personal_accounts__meters__verification_due=due,
                    user__personal_accounts__meters__removed_on__isnull=True)
            .values_list("user_id", "channel", "user__personal_accounts__meters__id"))
    return (Recipient(user_id, channel, key=f"verification:{meter_id}:{due:%Y-%m-%d}",
                      payload={"meter": meter_id})
            for user_id, channel, meter_id in rows.iterator(chunk_size=5000))
