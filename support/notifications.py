"""Every notice goes through here: queued once per key as an outbox row, sent by its channel.

Queueing is bulk and idempotent (a unique key per event, recipient and channel);
sending claims the row first, so two workers never send the same notice.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection
from django.db.models import F, QuerySet
from django.utils import timezone

from accounts.models import Channel, NotificationChoice

from .models import Notice
from .notice_texts import NoticeMessage, NoticeObsolete, notice_message
from .sms import SmsRejected, SmsTemporaryError, sms_send

TEMPORARY_ERRORS = (SMTPException, OSError, SmsTemporaryError)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    channel: str
    key: str  # what makes this notice this one: the event and its subject
    payload: dict = field(default_factory=dict)


def subscribers(kind: str) -> QuerySet[NotificationChoice]:
    """Who asked for this kind of notice, by which channel (SMS only with a phone on file)."""
    return (NotificationChoice.objects.filter(kind=kind, user__is_active=True)
            .exclude(channel=Channel.SMS, user__phone="")
            .order_by("user_id", "channel"))


def notices_queue(*, kind: str, recipients: Iterable[Recipient]) -> list[list[str]]:
    """Add the outbox rows, in batches; returns the keys of each batch, to send.
    A notice queued before is left as it is."""
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
    keys = [f"{r.key}:user:{r.user_id}:{r.channel}" for r in batch]
    with connection.cursor() as cursor:
        cursor.execute(_ADD_SQL, {
            "kind": kind, "pending": Notice.Status.PENDING, "keys": keys,
            "users": [r.user_id for r in batch], "channels": [r.channel for r in batch],
            "payloads": [json.dumps(r.payload) for r in batch]})
    return keys


# A batch as four arrays: a tariff's 100,000 notices took 8 s through bulk_create, most
# of it in building and quoting a model instance's every field, row by row.
_ADD_SQL = """
INSERT INTO support_notice (key, user_id, kind, channel, payload, status, attempts,
                            last_error, created_at)
SELECT queued.key, queued.user_id, %(kind)s, queued.channel, queued.payload::jsonb,
       %(pending)s, 0, '', now()
  FROM unnest(%(keys)s::text[], %(users)s::bigint[], %(channels)s::text[],
              %(payloads)s::text[]) AS queued (key, user_id, channel, payload)
    ON CONFLICT (key) DO NOTHING
"""


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


_CHANNELS = {Channel.EMAIL: _send_email, Channel.SMS: _send_sms}
