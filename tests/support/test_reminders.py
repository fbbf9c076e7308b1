"""Reading reminders and verification notices: to those who asked, each once."""

from datetime import date, timedelta
from decimal import Decimal

import time_machine

from meters.models import Reading
from support.models import Notice, NotificationChoice
from support.tasks import send_reading_reminders
from tests.factories import BuildingFactory, MeterFactory, PersonalAccountFactory, UserFactory


def _resident(*kinds, communal=False, due=date(2029, 1, 1)):
    user = UserFactory()
    account = PersonalAccountFactory(user=user,
                                     building=BuildingFactory(has_communal_meter=communal))
    meter = MeterFactory(account=account, verification_due=due)
    NotificationChoice.objects.bulk_create(
        NotificationChoice(user=user, kind=kind, channel="email") for kind in kinds)
    return user, meter


def _run(day):
    with time_machine.travel(day, tick=False):
        return send_reading_reminders()


def test_the_window_opening_is_announced_once(db, mailoutbox):
    asked, _meter = _resident("reading_reminder")
    _resident()  # did not ask
    _resident("reading_reminder", communal=True)  # its company collects the readings

    _run(date(2026, 11, 15))
    _run(date(2026, 11, 15))
    _run(date(2026, 11, 16))

    [message] = mailoutbox
    assert message.to == [asked.email]
    assert "25 ноября" in message.body


def test_near_the_end_only_those_without_readings_are_reminded(db, mailoutbox):
    sent, meter = _resident("reading_reminder")
    Reading.objects.create(meter=meter, period=date(2026, 11, 1), value=Decimal("5"),
                           consumption=Decimal("5"))
    silent, _meter = _resident("reading_reminder")

    _run(date(2026, 11, 23))

    assert [message.to for message in mailoutbox] == [[silent.email]]
    assert sent.email not in str([message.to for message in mailoutbox])


def test_a_verification_30_days_ahead_is_announced_once(db, mailoutbox):
    today = date(2026, 11, 3)
    user, meter = _resident("verification_due", due=today + timedelta(days=30))
    _resident("verification_due", due=today + timedelta(days=31))

    _run(today)
    _run(today)

    [message] = mailoutbox
    assert message.to == [user.email]
    assert meter.serial in message.body
    assert Notice.objects.get().key.startswith(f"verification:{meter.pk}:")
