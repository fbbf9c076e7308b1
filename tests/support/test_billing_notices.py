"""Tariff notices and paperless receipts: to those who asked, in batches, each once."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.contrib.admin import helpers
from django.urls import reverse
from django.utils import timezone

from billing.models import Tariff
from billing.services import tariff_publish
from support.models import Notice, NotificationChoice
from support.tasks import fan_out_tariff_change, queue_paperless_receipts
from tests.factories import PersonalAccountFactory, UserFactory, billing_history


def _subscriber(*choices, phone="", category="apartment"):
    user = UserFactory(phone=phone)
    PersonalAccountFactory(user=user, category=category)
    NotificationChoice.objects.bulk_create(
        NotificationChoice(user=user, kind=kind, channel=channel) for kind, channel in choices)
    return user


TARIFF_EMAIL = ("tariff_change", "email")
TARIFF_SMS = ("tariff_change", "sms")


@pytest.fixture
def tariff(db):
    return Tariff.objects.create(service="cold_water", category="apartment",
                                 valid_from=date(2027, 1, 1), price=Decimal("47.25"))


def _publish(tariff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return tariff_publish(tariff=tariff, actor=None)


def test_a_published_tariff_reaches_those_who_asked(tariff, mailoutbox, caplog,
                                                    django_capture_on_commit_callbacks):
    by_email = _subscriber(TARIFF_EMAIL)
    by_both = _subscriber(TARIFF_EMAIL, TARIFF_SMS, phone="+79131234567")
    _subscriber(("payment_received", "email"))  # asked for something else
    _subscriber(TARIFF_EMAIL, category="private_house")  # another category's tariff
    _subscriber(TARIFF_SMS)  # SMS without a phone: nothing to send to

    with caplog.at_level("INFO", logger="support.sms"):
        assert _publish(tariff, django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mailoutbox) == sorted([by_email.email,
                                                                     by_both.email])
    assert "47,25" in mailoutbox[0].body
    assert "+79131234567" in caplog.text
    assert set(Notice.objects.values_list("status", flat=True)) == {"sent"}
    assert Notice.objects.count() == 3


def test_a_tariff_is_announced_once(tariff, mailoutbox, django_capture_on_commit_callbacks):
    _subscriber(TARIFF_EMAIL)
    _publish(tariff, django_capture_on_commit_callbacks)

    assert not _publish(tariff, django_capture_on_commit_callbacks)
    fan_out_tariff_change(tariff.pk)  # even a repeated fan-out adds no notice

    assert len(mailoutbox) == 1
    assert Notice.objects.count() == 1


def test_notices_go_in_batches(tariff, mailoutbox, settings,
                               django_capture_on_commit_callbacks):
    settings.NOTICE_BATCH_SIZE = 2
    users = [_subscriber(TARIFF_EMAIL) for _ in range(5)]

    _publish(tariff, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in users)


def test_queueing_adds_each_notice_once_and_leaves_one_queued_before_as_it_was(db):
    from support.notifications import Recipient, notices_queue

    users = [_subscriber(TARIFF_EMAIL) for _ in range(2)]
    batch = [Recipient(users[0].pk, "email", key="tariff:7", payload={"tariff": 7}),
             Recipient(users[1].pk, "sms", key="tariff:7", payload={"tariff": 7, "at": "x"})]
    keys = [f"tariff:7:user:{user.pk}:{channel}" for user, channel in zip(
        users, ["email", "sms"], strict=True)]

    assert notices_queue(kind="tariff_change", recipients=batch[:1]) == [keys[:1]]
    Notice.objects.filter(key=keys[0]).update(status="sent", sent_at=timezone.now())
    notices_queue(kind="tariff_change", recipients=batch)

    assert list(Notice.objects.order_by("key").values_list(
        "key", "user", "kind", "channel", "payload", "status", "attempts", "last_error")) == [
        (keys[0], users[0].pk, "tariff_change", "email", {"tariff": 7}, "sent", 0, ""),
        (keys[1], users[1].pk, "tariff_change", "sms", {"tariff": 7, "at": "x"}, "pending", 0,
         "")]


def test_a_mail_server_that_stays_down_leaves_the_notice_failed(
        tariff, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    _subscriber(TARIFF_EMAIL)

    _publish(tariff, django_capture_on_commit_callbacks)

    notice = Notice.objects.get()
    assert (notice.status, notice.sent_at) == ("failed", None)
    assert notice.attempts == 1  # run in-process: no later to retry at
    assert "refused" in notice.last_error.lower()


def test_staff_publish_from_admin(admin_client, tariff, mailoutbox,
                                  django_capture_on_commit_callbacks):
    _subscriber(TARIFF_EMAIL)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:billing_tariff_changelist"), {
            "action": "publish", helpers.ACTION_CHECKBOX_NAME: [tariff.pk]})

    tariff.refresh_from_db()
    assert tariff.published_at is not None
    assert len(mailoutbox) == 1


@pytest.fixture
def opted_in(db):
    user = _subscriber(("paperless_receipt", "email"))
    billing_history(user.personal_accounts.get(), first=date(2026, 8, 1), months=3,
                    paid_share=Decimal("0"))
    return user


@time_machine.travel(date(2026, 11, 5), tick=False)
def test_paperless_receipts_are_mailed_once_a_month(opted_in, mailoutbox):
    not_opted = _subscriber(TARIFF_EMAIL)
    billing_history(not_opted.personal_accounts.get(), first=date(2026, 8, 1), months=3)

    assert queue_paperless_receipts() == 1
    queue_paperless_receipts()  # beat firing twice sends nothing more

    [message] = mailoutbox
    assert message.to == [opted_in.email]
    [(name, content, mimetype)] = message.attachments
    account = opted_in.personal_accounts.get()
    assert name == f"receipt-{account.number}-202610.pdf"
    assert (mimetype, content[:5]) == ("application/pdf", b"%PDF-")


@time_machine.travel(date(2026, 11, 5), tick=False)
def test_no_receipt_for_a_month_not_billed(opted_in, mailoutbox):
    assert queue_paperless_receipts(period="2026-11-01") == 0
    assert mailoutbox == []
