"""Every notice goes through here: queued once per key as an outbox row, sent by its channel.

Queueing is bulk and idempotent (a unique key per event, recipient and channel);
sending claims the row first, so two workers never send the same notice.
"""

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.cabinet import personal_accounts_changed
from accounts.models import PersonalAccount
from billing.models import Document, MonthlyBalance, Tariff
from meters.models import Meter
from payments.models import AutopayRun, PaymentOrder, PaymentOrderLine

from . import sql
from .models import (
    CHOSEN_CHANNELS,
    Announcement,
    Channel,
    Notice,
    NoticeKind,
    NotificationChoice,
    PushSubscription,
    Question,
)
from .notice_texts import NoticeMessage, NoticeObsolete, notice_message
from .push import PushTemporaryError, push_send
from .selectors import announcement_buildings
from .sms import SmsRejected, SmsTemporaryError, sms_send

TEMPORARY_ERRORS = (SMTPException, OSError, SmsTemporaryError, PushTemporaryError)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    channel: str
    key: str  # what makes this notice this one: the event and its subject
    payload: dict = field(default_factory=dict)
    account_id: int | None = None  # the account it is about, if it is about one


def subscribers(kind: str) -> QuerySet[NotificationChoice]:
    """Who asked for this kind of notice, by which channel (SMS only with a phone on file,
    push only with a device)."""
    return (NotificationChoice.objects.filter(kind=kind, user__is_active=True)
            .exclude(channel=Channel.SMS, user__phone="")
            .exclude(Q(channel=Channel.PUSH)
                     & ~Exists(PushSubscription.objects.filter(user=OuterRef("user_id"))))
            .order_by("user_id", "channel"))


def notices_queue(*, kind: str, recipients: Iterable[Recipient]) -> list[list[str]]:
    """Add the outbox rows, in batches; returns, batch by batch, the keys still to send.
    A notice queued before is left as it is, and sent again only if it is still pending:
    a fan-out may run twice, or a day's reminders again the next day."""
    batches, batch = [], []
    for recipient in recipients:
        batch.append(recipient)
        if len(batch) == settings.NOTICE_BATCH_SIZE:
            batches.append(_add(kind, batch))
            batch = []
    if batch:
        batches.append(_add(kind, batch))
    return batches


def _add(kind: str, batch: list[Recipient]) -> list[str]:
    events = [f"{r.key}:user:{r.user_id}" for r in batch]
    keys = [f"{event}:{r.channel}" for event, r in zip(events, batch, strict=True)]
    to_send = sql.notices_add(
        kind=kind, keys=keys, events=events, users=[r.user_id for r in batch],
        accounts=[r.account_id for r in batch], channels=[r.channel for r in batch],
        payloads=[json.dumps(r.payload) for r in batch])
    # The header of every cabinet page counts the unread notices: theirs is stale.
    new = set(to_send)
    told = {r.user_id for key, r in zip(keys, batch, strict=True) if key in new}
    if told:
        personal_accounts_changed(account_ids=PersonalAccount.objects.filter(
            user__in=told).values_list("pk", flat=True))
    return to_send


def notices_shown_in_cabinet(*, keys: list[str]) -> None:
    """A notice of the cabinet's list is delivered once it is queued: nothing to send."""
    if keys:
        Notice.objects.filter(key__in=keys, status=Notice.Status.PENDING).update(
            status=Notice.Status.SENT, sent_at=timezone.now())


def notice_claim(key: str) -> Notice | None:
    """Take a pending notice for sending; None if it is sent or another worker has it."""
    claimed = Notice.objects.filter(key=key, status=Notice.Status.PENDING).update(
        status=Notice.Status.SENDING, attempts=F("attempts") + 1)
    return Notice.objects.select_related("user").get(key=key) if claimed else None


def notice_deliver(notice: Notice) -> None:
    """Send a claimed notice; a temporary failure puts it back to pending and re-raises."""
    try:
        _CHANNELS[notice.channel](notice, notice_message(notice))
    except NoticeObsolete:
        notice_give_up(notice.key, "obsolete: what it was about is gone")
        return
    except SmsRejected as error:  # a bad number does not get better by waiting
        notice_give_up(notice.key, error)
        return
    except TEMPORARY_ERRORS as error:
        Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.PENDING,
                                                   last_error=str(error)[:255])
        raise
    Notice.objects.filter(pk=notice.pk).update(status=Notice.Status.SENT,
                                               sent_at=timezone.now(), last_error="")


def notice_give_up(key: str, error: Exception | str) -> None:
    Notice.objects.filter(key=key).exclude(status=Notice.Status.SENT).update(
        status=Notice.Status.FAILED, last_error=str(error)[:255])


def _send_email(notice: Notice, message: NoticeMessage) -> None:
    email = EmailMultiAlternatives(message.subject, message.text, to=[notice.user.email])
    email.attach_alternative(message.html, "text/html")
    for name, content, mimetype in message.attachments:
        email.attach(name, content, mimetype)
    email.send()


def _send_sms(notice: Notice, message: NoticeMessage) -> None:
    sms_send(phone=str(notice.user.phone), text=message.sms)


def _send_push(notice: Notice, message: NoticeMessage) -> None:
    push_send(user=notice.user, title=message.subject, body=message.sms,
              url=settings.SITE_URL + reverse("support:notices"))


_CHANNELS = {Channel.EMAIL: _send_email, Channel.SMS: _send_sms, Channel.PUSH: _send_push}


# Who gets a notice of each event: the fan-outs (support.tasks) queue these ---------------

def tariff_change_recipients(tariff_id: int) -> Iterator[Recipient]:
    """Everyone who asked, with an account of the tariff's category, once per channel."""
    tariff = Tariff.objects.get(pk=tariff_id)
    choices = (subscribers(NoticeKind.TARIFF_CHANGE)
               .filter(user__personal_accounts__category=tariff.category)
               .values_list("user_id", "channel").distinct())
    return (Recipient(user_id, channel, key=f"tariff:{tariff.pk}", payload={"tariff": tariff.pk})
            for user_id, channel in choices.iterator(chunk_size=5000))


def document_recipients(document_id: int) -> Iterator[Recipient]:
    """The organisation's login, if it asked (the contracts office turns e-mail on)."""
    document = Document.objects.get(pk=document_id)
    choices = (subscribers(NoticeKind.DOCUMENT_PUBLISHED)
               .filter(user__organisation=document.organisation_id)
               .values_list("user_id", "channel"))
    return (Recipient(user_id, channel, key=f"document:{document.pk}",
                      payload={"document": document.pk}) for user_id, channel in choices)


def announcement_recipients(announcement_id: int, version: int
                            ) -> tuple[str, Iterator[Recipient]]:
    """The kind of notice, and who gets this version: those who asked for it with an account
    at one of its addresses (none once it is cancelled), and whoever was told of an earlier
    version, so a correction reaches everyone the first notice did."""
    announcement = Announcement.objects.get(pk=announcement_id)
    kind = NoticeKind.OUTAGE if announcement.is_outage else NoticeKind.ANNOUNCEMENT
    told = Notice.objects.filter(key__startswith=f"announcement:{announcement.pk}:")
    concerned = Q(user__in=told.values("user_id"))
    if not announcement.cancelled_at:
        concerned |= Q(user__personal_accounts__building__in=announcement_buildings(
            announcement=announcement))
    choices = (subscribers(kind).filter(concerned).values_list("user_id", "channel")
               .distinct())
    return kind, (Recipient(user_id, channel, key=f"announcement:{announcement.pk}:v{version}",
                            payload={"announcement": announcement.pk, "version": version})
                  for user_id, channel in choices.iterator(chunk_size=5000))


def payment_recipients(order_pk: int) -> list[Recipient]:
    """The payer; for a payment made without a login, the logins of the accounts it paid,
    so that the holder learns of it (the payer's e-mail gets its own mail)."""
    payer = [pk for pk in PaymentOrder.objects.filter(pk=order_pk).values_list("user_id",
                                                                            flat=True) if pk]
    holders = payer or list(PaymentOrderLine.objects.filter(
        order_id=order_pk, account__user__isnull=False)
        .values_list("account__user_id", flat=True).distinct())
    return _own_event_recipients(NoticeKind.PAYMENT_RECEIVED, holders,
                                 key=f"payment:{order_pk}", payload={"order": order_pk})


def autopay_recipients(run_id: int, event: str) -> list[Recipient]:
    """The autopay's payer, of its planned charge ("planned") or of a declined one
    ("failed" and the attempt): in the cabinet, by e-mail whatever they chose (money is
    to leave their card), and by the other channels they chose."""
    run = AutopayRun.objects.filter(pk=run_id).values(
        "rule__user_id", "rule__user__email", "attempts").first()
    if run is None:
        return []
    key, payload = f"autopay:{run_id}:{event}:{run['attempts']}", {"run": run_id, "event": event}
    recipients = _own_event_recipients(NoticeKind.AUTOPAY, [run["rule__user_id"]], key=key,
                                       payload=payload)
    if run["rule__user__email"] and Channel.EMAIL not in {r.channel for r in recipients}:
        recipients.append(Recipient(run["rule__user_id"], Channel.EMAIL, key=key,
                                    payload=payload))
    return recipients


def answer_recipients(question_id: int) -> list[Recipient]:
    author = Question.objects.filter(pk=question_id).values_list("user_id", flat=True)
    return _own_event_recipients(NoticeKind.QUESTION_ANSWERED, author,
                                 key=f"answer:{question_id}", payload={"question": question_id})


def _own_event_recipients(kind: str, users, *, key: str, payload: dict) -> list[Recipient]:
    """Whoever the event is theirs (the payer, the author): in the cabinet's notices list
    always, so a promise of "we will tell you" holds with e-mail off, and by the channels
    they chose."""
    choices = subscribers(kind).filter(user__in=users).values_list("user_id", "channel")
    pairs = [*((user_id, Channel.CABINET) for user_id in users), *choices]
    return [Recipient(user_id, channel, key=key, payload=payload) for user_id, channel in pairs]


def paperless_receipt_recipients(month: date) -> Iterator[Recipient]:
    """The month's receipt, by e-mail, for every account whose holder opted in."""
    accounts = (PersonalAccount.objects
                .filter(user__notification_choices__kind=NoticeKind.PAPERLESS_RECEIPT,
                        user__notification_choices__channel=Channel.EMAIL,
                        user__is_active=True, balances__period=month)
                .values_list("user_id", "id").order_by("id"))
    return (Recipient(user_id, Channel.EMAIL, key=f"receipt:{month:%Y-%m}:account:{pk}",
                      payload={"account": pk, "period": month.isoformat()}, account_id=pk)
            for user_id, pk in accounts.iterator(chunk_size=5000))


def reading_recipients(period: date, what: str, closes: date) -> Iterator[Recipient]:
    """The window is open, or closes soon: whoever has a flat's meter with no reading for
    the month yet."""
    meters = Meter.objects.filter(removed_on__isnull=True, account__isnull=False,
                                  account__building__has_communal_meter=False
                                  ).exclude(readings__period=period)
    choices = (subscribers(NoticeKind.READING_REMINDER)
               .filter(user__in=meters.values("account__user"))
               .values_list("user_id", "channel"))
    return (Recipient(user_id, channel, key=f"{what}:{period:%Y-%m}",
                      payload={"what": what, "closes": closes.isoformat()})
            for user_id, channel in choices.iterator(chunk_size=5000))


VERIFICATION_NOTICE_DAYS = 30


def verification_recipients(today: date) -> Iterator[Recipient]:
    """A meter whose verification falls due within 30 days: once per meter and date."""
    due = (today, today + timedelta(days=VERIFICATION_NOTICE_DAYS))
    rows = (subscribers(NoticeKind.VERIFICATION_DUE)
            .filter(user__personal_accounts__meters__verification_due__range=due,
                    user__personal_accounts__meters__removed_on__isnull=True)
            .values_list("user_id", "channel", "user__personal_accounts__meters__id",
                         "user__personal_accounts__meters__verification_due",
                         "user__personal_accounts__id"))
    return (Recipient(user_id, channel, key=f"verification:{meter_id}:{on:%Y-%m-%d}",
                      payload={"meter": meter_id}, account_id=account_id)
            for user_id, channel, meter_id, on, account_id in rows.iterator(chunk_size=5000))


def debt_recipients(month: date) -> Iterator[Recipient]:
    """Every account that owes at its latest balance, whose holder asked: once a month."""
    latest = (MonthlyBalance.objects.filter(account=OuterRef("pk")).order_by("-period")
              .values("closing")[:1])
    owing = PersonalAccount.objects.annotate(balance=Subquery(latest)).filter(balance__gt=0)
    for channel in CHOSEN_CHANNELS:
        users = subscribers(NoticeKind.DEBT_REMINDER).filter(channel=channel).values("user_id")
        accounts = owing.filter(user__in=users).values_list("user_id", "pk").order_by("pk")
        yield from (Recipient(user_id, channel, key=f"debt:{month:%Y-%m}:account:{pk}",
                              payload={"account": pk}, account_id=pk)
                    for user_id, pk in accounts.iterator(chunk_size=5000))
