"""Autopay: planned the day the month's charges are seen, its payer told the amount (the
debt up to the cap) the day before; charged the next day by the card's RebillId through
the test bank over HTTP; a declined charge is told and tried once more; exactly one charge
an account and month, with two scheduler runs, runs at once and a bank that times out."""

import threading
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from billing.models import PaymentReceived
from billing.money import money_text
from billing.selectors import account_summary
from payments.autopay import autopay_charge_due, autopay_plan, autopay_rule_off, autopay_rule_set
from payments.models import AutopayRule, AutopayRun, BoundCard, TestBankPayment
from support.models import Notice
from tests.factories import billing_history
from tests.payments.test_cards import _pay

TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)


def _autopay(logged_in, owner, card="4111 1111 1111 1111", cap="5000"):
    """A card bound on a payment, the account owing two months, autopay on."""
    _pay(logged_in, owner, card=card)
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 9, 1), months=2, paid_share=Decimal("0"))
    autopay_rule_set(user=owner, account=account, card=BoundCard.objects.get(),
                     cap=Decimal(cap))
    return account


def _charges() -> int:
    """Charges the bank was asked for by RebillId."""
    return TestBankPayment.objects.filter(recurrent_charge=True).count()


def test_planned_with_a_notice_of_the_amount_the_day_before(bank, logged_in, owner):
    account = _autopay(logged_in, owner)

    assert autopay_plan(today=TODAY) == 1

    run = AutopayRun.objects.get()
    owed = account_summary(account=account).to_pay
    assert (run.status, run.amount, run.charge_on) == ("planned", owed, TOMORROW)
    notice = Notice.objects.get(user=owner, kind="autopay", channel="cabinet")
    assert notice.payload == {"run": run.pk, "event": "planned"}
    page = logged_in.get(reverse("support:notices")).content.decode()
    assert "Автоплатёж" in page


def test_the_cap_holds(bank, logged_in, owner):
    _autopay(logged_in, owner, cap="100")

    autopay_plan(today=TODAY)

    assert AutopayRun.objects.get().amount == Decimal("100")


def test_charged_the_next_day_once(bank, logged_in, owner):
    account = _autopay(logged_in, owner)
    autopay_plan(today=TODAY)
    run = AutopayRun.objects.get()

    assert autopay_charge_due(today=TODAY) == 0  # not due yet
    autopay_charge_due(today=TOMORROW)
    autopay_charge_due(today=TOMORROW)  # a second scheduler round
    autopay_plan(today=TOMORROW)  # and a second planner round

    run.refresh_from_db()
    assert run.status == "charged"
    assert (run.order.method, run.order.status) == ("autopay", "CONFIRMED")
    assert PaymentReceived.objects.filter(account=account, amount=run.amount).count() == 1
    assert _charges() == 1
    assert AutopayRun.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_charge_once(bank, logged_in, owner):
    _autopay(logged_in, owner)
    autopay_plan(today=TODAY)
    barrier = threading.Barrier(3)

    def scheduler():
        try:
            barrier.wait()
            autopay_charge_due(today=TOMORROW)
        finally:
            connection.close()

    threads = [threading.Thread(target=scheduler) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert _charges() == 1
    assert AutopayRun.objects.get().status == "charged"


def test_a_second_run_of_the_month_cannot_be(bank, logged_in, owner):
    _autopay(logged_in, owner)
    autopay_plan(today=TODAY)
    run = AutopayRun.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        AutopayRun.objects.create(rule=run.rule, account=run.account, period=run.period,
                                  amount=run.amount, charge_on=run.charge_on)


def test_skipped_is_not_charged(bank, logged_in, owner):
    _autopay(logged_in, owner)
    autopay_plan(today=TODAY)
    run = AutopayRun.objects.get()

    logged_in.post(reverse("payments:autopay"), {"action": "skip", "run": run.pk,
                                                 "account": run.account_id})
    autopay_charge_due(today=TOMORROW)

    run.refresh_from_db()
    assert run.status == "skipped"
    assert _charges() == 0


def test_off_plans_nothing(bank, logged_in, owner):
    account = _autopay(logged_in, owner)

    autopay_rule_off(user=owner, account=account)

    assert autopay_plan(today=TODAY) == 0


def test_a_declined_charge_is_told_and_tried_once_more(bank, logged_in, owner):
    _autopay(logged_in, owner, card="4000 0000 0000 0051")  # pays, then has no funds
    autopay_plan(today=TODAY)

    autopay_charge_due(today=TOMORROW)
    run = AutopayRun.objects.get()
    assert (run.status, run.attempts) == ("failed", 1)
    assert run.charge_on == TOMORROW
    assert Notice.objects.filter(user=owner, kind="autopay", channel="cabinet",
                                 payload__event="failed").count() == 1

    autopay_charge_due(today=TOMORROW + timedelta(days=1))
    autopay_charge_due(today=TOMORROW + timedelta(days=2))

    run.refresh_from_db()
    assert (run.status, run.attempts) == ("gave_up", 2)
    assert _charges() == 2
    assert PaymentReceived.objects.count() == 1  # the payment that bound the card, only
    assert Notice.objects.filter(user=owner, kind="autopay", channel="cabinet",
                                 payload__event="failed").count() == 2


def test_a_bank_that_times_out_is_not_charged_twice(bank, logged_in, owner, settings):
    account = _autopay(logged_in, owner, card="4000 0000 0000 0259")  # answers charges late
    autopay_plan(today=TODAY)
    settings.PAYMENT_GATEWAY_TIMEOUT_SECONDS = 1

    autopay_charge_due(today=TOMORROW)
    run = AutopayRun.objects.get()
    assert run.status == "charging"  # nobody knows yet
    autopay_charge_due(today=TOMORROW)  # the next round leaves it be

    for _ in range(50):  # the bank charged after all, and says so
        run.refresh_from_db()
        if run.status == "charged":
            break
        time.sleep(0.1)
    assert run.status == "charged"
    assert _charges() == 1
    assert PaymentReceived.objects.filter(account=account, amount=run.amount).count() == 1


def test_a_removed_card_turns_its_autopay_off(bank, logged_in, owner):
    _autopay(logged_in, owner)
    autopay_plan(today=TODAY)

    logged_in.post(reverse("payments:cards"), {"card": BoundCard.objects.get().pk})
    autopay_charge_due(today=TOMORROW)

    assert AutopayRun.objects.get().status == "skipped"
    assert _charges() == 0


def test_the_page_turns_it_on_with_a_card_and_a_cap(bank, logged_in, owner):
    _pay(logged_in, owner)
    account = owner.personal_accounts.get()

    logged_in.post(reverse("payments:autopay"), {
        "action": "on", "account": account.pk, "card": BoundCard.objects.get().pk,
        "cap": "3 000,50"})

    rule = account.autopay_rule
    assert (rule.active, rule.cap) == (True, Decimal("3000.50"))
    page = logged_in.get(reverse("payments:autopay")).content.decode()
    assert "411111******1111" in page
    assert "3\xa0000,50" in page


def test_another_logins_card_or_account_is_refused(bank, logged_in, owner, client, neighbour):
    _pay(logged_in, owner)
    client.force_login(neighbour)

    response = client.post(reverse("payments:autopay"), {
        "action": "on", "account": owner.personal_accounts.get().pk,
        "card": BoundCard.objects.get().pk, "cap": "100"})
    skip = client.post(reverse("payments:autopay"), {
        "action": "off", "account": owner.personal_accounts.get().pk})

    assert response.status_code == 200  # the form says which choice is not valid
    assert skip.status_code == 404
    assert not AutopayRule.objects.exists()


def test_staff_see_rules_and_runs(bank, logged_in, owner, admin_client):
    account = _autopay(logged_in, owner)
    autopay_plan(today=TODAY)
    autopay_charge_due(today=TOMORROW)

    rules = admin_client.get(reverse("admin:payments_autopayrule_changelist")).content.decode()
    runs = admin_client.get(reverse("admin:payments_autopayrun_changelist"),
                            {"status__exact": "charged"}).content.decode()
    orders = admin_client.get(reverse("admin:payments_paymentorder_changelist"),
                              {"method__exact": "autopay"}).content.decode()

    assert account.number in rules
    assert "411111******1111" in rules
    assert account.number in runs
    assert AutopayRun.objects.get().order.order_id in orders


def test_the_notice_goes_by_e_mail_too_whatever_was_chosen(bank, logged_in, owner, mailoutbox,
                                                           django_capture_on_commit_callbacks):
    account = _autopay(logged_in, owner)

    with django_capture_on_commit_callbacks(execute=True):
        autopay_plan(today=TODAY)

    [mail] = [m for m in mailoutbox if "Автоплатёж" in m.subject]
    assert mail.to == [owner.email]
    assert f"{TOMORROW:%d.%m.%Y}" in mail.body
    assert account.number in mail.body
    assert "/cabinet/autopay/" in mail.body  # to skip the month or turn it off


def test_the_next_charge_is_in_sight_on_the_information_and_pay_tabs(bank, logged_in, owner):
    account = _autopay(logged_in, owner, cap="5000")
    before = logged_in.get(reverse("cabinet")).content.decode()  # the tab, now cached
    assert "Автоплатёж включён: на следующий день после начисления за месяц" in before

    autopay_plan(today=TODAY)

    run = AutopayRun.objects.get()
    said = (f"{TOMORROW.day} {_month_genitive(TOMORROW)} автоплатёж спишет "
            f"{money_text(run.amount)} с карты 411111******1111.")
    for url_name in ("cabinet", "payments:pay"):
        assert said in logged_in.get(reverse(url_name)).content.decode(), url_name
    logged_in.post(reverse("payments:autopay"), {"action": "skip", "account": account.pk,
                                                 "run": run.pk})
    assert said not in logged_in.get(reverse("cabinet")).content.decode()


def _month_genitive(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "E")
