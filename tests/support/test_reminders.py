"""Reminders (the reading window, verification, debts): to those who asked, each once,
however the scheduler skips or repeats a morning."""

from datetime import date, timedelta
from decimal import Decimal

import time_machine

from billing.models import MonthlyBalance
from meters.models import Reading
from support.models import Notice, NotificationChoice
from support.notifications import debt_recipients, notices_queue
from support.tasks import send_email_notices, send_reminders
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
        return send_reminders()


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


def _days(first: date, last: date, *, skipped=(), doubled=()):
    """The scheduler's mornings from `first` to `last`: some skipped, some run twice."""
    day = first
    while day <= last:
        if day not in skipped:
            for _time in range(2 if day in doubled else 1):
                _run(day)
        day += timedelta(days=1)


def test_skipped_mornings_are_made_up_and_doubled_ones_send_once(db, mailoutbox):
    silent, _meter = _resident("reading_reminder")

    _days(date(2026, 11, 1), date(2026, 11, 30),
          skipped={date(2026, 11, 15), date(2026, 11, 16), date(2026, 11, 23)},
          doubled={date(2026, 11, 17), date(2026, 11, 24)})

    assert [m.subject for m in mailoutbox] == [
        "Начался приём показаний счётчиков", "Показания счётчиков принимаются до 25 ноября"]
    assert {m.to[0] for m in mailoutbox} == {silent.email}
    assert Notice.objects.filter(user=silent).count() == 2


def test_across_the_year_end_each_months_window_is_announced_once(db, mailoutbox):
    _resident("reading_reminder")

    _days(date(2026, 12, 14), date(2027, 1, 20), doubled={date(2026, 12, 15),
                                                          date(2027, 1, 15)})

    keys = sorted(key.split(":user:")[0] for key in Notice.objects.values_list("key", flat=True))
    assert keys == ["reading_missing:2026-12", "window_open:2026-12", "window_open:2027-01"]


def test_a_verification_whose_30th_day_was_skipped_is_announced_the_next(db, mailoutbox):
    today = date(2026, 11, 3)
    user, meter = _resident("verification_due", due=today + timedelta(days=30))

    _days(today, today + timedelta(days=5), skipped={today}, doubled={today + timedelta(1)})

    [message] = mailoutbox
    assert message.to == [user.email]
    assert meter.serial in message.body


def _owing(user, amount: str, period=date(2026, 10, 1)):
    account = user.personal_accounts.get()
    balance = Decimal(amount)
    MonthlyBalance.objects.create(account=account, period=period, opening=Decimal("0"),
                                  charged=balance, recalculated=Decimal("0"),
                                  paid=Decimal("0"), closing=balance)
    return account


def test_a_debt_is_reminded_once_a_month_from_the_11th(db, mailoutbox):
    user, _meter = _resident("debt_reminder")
    account = _owing(user, "1250.40")
    paid_up, _meter = _resident("debt_reminder")
    _owing(paid_up, "0")
    _resident("debt_reminder")  # no balance at all

    _days(date(2026, 11, 9), date(2026, 11, 14), skipped={date(2026, 11, 11)},
          doubled={date(2026, 11, 12)})

    [message] = mailoutbox
    assert message.to == [user.email]
    assert "Долг по лицевому счёту" in message.subject
    assert account.number in message.subject
    assert "1\xa0250,40\xa0₽" in message.body
    _days(date(2026, 12, 11), date(2026, 12, 12))
    assert len(mailoutbox) == 2  # December's, as it still owes


def test_a_debt_paid_before_its_reminder_is_sent_is_not_reminded(db, mailoutbox):
    user, _meter = _resident("debt_reminder")
    account = _owing(user, "300")
    [keys] = notices_queue(kind="debt_reminder",
                           recipients=debt_recipients(date(2026, 11, 1)))
    MonthlyBalance.objects.create(account=account, period=date(2026, 11, 1),
                                  opening=Decimal("300"), charged=Decimal("0"),
                                  recalculated=Decimal("0"), paid=Decimal("300"),
                                  closing=Decimal("0"))

    send_email_notices.delay(keys)  # the sender's turn comes after the payment

    assert mailoutbox == []
    assert Notice.objects.get().status == Notice.Status.FAILED  # obsolete: never sent
