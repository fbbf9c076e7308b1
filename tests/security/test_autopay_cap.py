"""Autopay charges at most the cap the rule has when it charges: a payer who lowers it after
the notice is charged no more than the new cap; a cap above the largest payment is
refused on the form."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse

from billing.models import PaymentReceived
from payments.autopay import autopay_charge_due, autopay_plan
from payments.models import AutopayRule, AutopayRun, BoundCard, TestBankPayment
from tests.payments.test_autopay import TODAY, TOMORROW, _autopay
from tests.payments.test_cards import _pay


def test_a_cap_lowered_after_the_notice_holds_at_the_charge(bank, logged_in, owner):
    account = _autopay(logged_in, owner, cap="5000")
    autopay_plan(today=TODAY)
    planned = AutopayRun.objects.get()
    assert planned.amount > Decimal("300")  # what the notice told

    logged_in.post(reverse("payments:autopay"), {
        "action": "on", "account": account.pk, "card": BoundCard.objects.get().pk,
        "cap": "300,00"})
    autopay_charge_due(today=TOMORROW)

    run = AutopayRun.objects.get()
    assert run.status == "charged"
    assert run.amount == Decimal("300.00")
    assert run.order.amount == Decimal("300.00")
    [charge] = TestBankPayment.objects.filter(recurrent_charge=True)
    assert charge.amount_kopecks == 30000
    [credited] = PaymentReceived.objects.filter(
        external_id__startswith=f"portal-{run.order.order_id}-")
    assert (credited.account, credited.amount) == (account, Decimal("300.00"))


def test_autopay_turned_off_after_the_notice_charges_nothing(bank, logged_in, owner):
    account = _autopay(logged_in, owner)
    autopay_plan(today=TODAY)

    logged_in.post(reverse("payments:autopay"), {"action": "off", "account": account.pk})
    autopay_charge_due(today=TOMORROW)

    assert AutopayRun.objects.get().status == "skipped"
    assert not TestBankPayment.objects.filter(recurrent_charge=True).exists()


def test_a_cap_above_the_largest_payment_is_refused(bank, logged_in, owner):
    _pay(logged_in, owner)
    account = owner.personal_accounts.get()
    above = settings.PAYMENT_MAX_AMOUNT + Decimal("0.01")

    page = logged_in.post(reverse("payments:autopay"), {
        "action": "on", "account": account.pk, "card": BoundCard.objects.get().pk,
        "cap": str(above).replace(".", ",")}).content.decode()

    assert "Укажите предел от 1,00\xa0₽ до 100\xa0000,00\xa0₽." in page
    assert not AutopayRule.objects.exists()
