"""The fiscal receipt (54-ФЗ) each payment request carries: a line per account and service,
adding up to the amount to the kopeck; the settings' VAT rate; the payer's e-mail or
phone. Both banks' requests carry it, and the test bank refuses one that does not add up."""

import base64
import json
import urllib.error
import urllib.request
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from payments.fiscal import fiscal_receipt
from payments.gateways.acquiring import acquiring_receipt, acquiring_token
from payments.gateways.checkout import checkout_receipt
from payments.models import PaymentOrder
from payments.services import NoReceiptContact, PaymentShare, payment_start
from tests.factories import PersonalAccountFactory, UserFactory, billing_history


@pytest.fixture
def billed(owner):
    """The owner's account with charges: 2026-10 is 6 m³ of water (270.06) and of sewerage
    (217.80), the latest month."""
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 9, 1), months=2)
    return account


def test_a_payment_is_split_over_the_services_as_last_billed_to_the_kopeck(owner, billed):
    receipt = fiscal_receipt(email=owner.email, phone="",
                             shares=[PaymentShare(billed, Decimal("100.01"))])

    water, sewerage = receipt.lines
    assert water.name == f"Холодное водоснабжение, л/с {billed.number}"
    assert sewerage.name == f"Водоотведение, л/с {billed.number}"
    # 270.06 : 217.80 of 10,001 kopecks; the remainder to the larger line.
    assert (water.kopecks, sewerage.kopecks) == (5537, 4464)
    assert receipt.kopecks == 10001


def test_an_account_not_yet_billed_has_one_line_and_names_are_russian_in_any_language(owner):
    account = owner.personal_accounts.get()
    with translation.override("en"):
        receipt = fiscal_receipt(email="", phone="+79130000000",
                                 shares=[PaymentShare(account, Decimal("500"))])

    [line] = receipt.lines
    assert line.name == f"Холодное водоснабжение и водоотведение, л/с {account.number}"
    assert line.kopecks == 50000


def test_the_vat_rate_and_taxation_come_from_settings(owner, billed, settings):
    settings.FISCAL_VAT_RATE, settings.FISCAL_TAXATION = "20", "usn_income"
    receipt = fiscal_receipt(email="", phone="+79130000000",
                             shares=[PaymentShare(billed, Decimal("10"))])

    acquiring, checkout = acquiring_receipt(receipt), checkout_receipt(receipt)

    assert acquiring["Phone"] == "+79130000000"
    assert acquiring["Taxation"] == "usn_income"
    assert {item["Tax"] for item in acquiring["Items"]} == {"vat20"}
    assert {(item["PaymentMethod"], item["PaymentObject"]) for item in acquiring["Items"]} == {
        ("full_payment", "service")}
    assert sum(item["Amount"] for item in acquiring["Items"]) == 1000
    assert checkout["customer"] == {"phone": "+79130000000"}
    assert checkout["tax_system_code"] == 2
    assert {item["vat_code"] for item in checkout["items"]} == {4}
    assert sum(Decimal(item["amount"]["value"]) for item in checkout["items"]) == Decimal("10")



@pytest.mark.parametrize("chosen", ["acquiring", "checkout"])
def test_an_order_of_several_accounts_sends_a_receipt_that_adds_up(bank, owner, billed, chosen):
    second = PersonalAccountFactory(user=owner)

    order = payment_start(user=owner, bank=chosen, shares=[
        PaymentShare(billed, Decimal("300.33")), PaymentShare(second, Decimal("0.67"))])

    receipt = order.fiscal_receipt
    assert receipt["email"] == owner.email
    assert sum(line["kopecks"] for line in receipt["lines"]) == 30100
    assert len(receipt["lines"]) == 3
    assert order.status == PaymentOrder.Status.NEW  # the test bank took it


def test_a_payer_with_no_email_and_no_phone_is_asked_for_one(bank, db):
    payer = UserFactory(email="")
    account = PersonalAccountFactory(user=payer)

    with pytest.raises(NoReceiptContact):
        payment_start(user=payer, shares=[PaymentShare(account, Decimal("10"))])
    assert not PaymentOrder.objects.exists()


def test_the_pay_form_asks_for_the_receipts_email_when_the_login_has_none(bank, client):
    payer = UserFactory(email="")
    account = PersonalAccountFactory(user=payer)
    client.force_login(payer)

    refused = client.post(reverse("payments:pay"), {f"account_{account.pk}": "10"})
    sent = client.post(reverse("payments:pay"), {f"account_{account.pk}": "10",
                                                 "email": "payer@example.com"})

    assert "E-mail для чека" in refused.content.decode()
    assert sent.status_code == 302
    assert PaymentOrder.objects.get().fiscal_receipt["email"] == "payer@example.com"


def _post(url: str, body: dict, headers: dict) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(),  # noqa: S310
                                     headers={"Content-Type": "application/json", **headers})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _receipt_off_by_a_kopeck(owner, billed):
    receipt = fiscal_receipt(email=owner.email, phone="",
                             shares=[PaymentShare(billed, Decimal("100.00"))])
    return receipt, 10001  # the payment's amount, one kopeck more than the lines


def test_the_acquiring_test_bank_refuses_a_receipt_that_does_not_add_up(bank, owner, billed,
                                                                        settings):
    receipt, amount = _receipt_off_by_a_kopeck(owner, billed)
    body = {"TerminalKey": settings.PAYMENT_TERMINAL_KEY, "Amount": amount, "OrderId": "VK-1",
            "NotificationURL": bank.url, "SuccessURL": bank.url, "FailURL": bank.url,
            "Receipt": acquiring_receipt(receipt)}
    body["Token"] = acquiring_token(body, settings.PAYMENT_TERMINAL_PASSWORD)

    _status, answer = _post(f"{bank.url}/test-bank/v2/Init", body, {})

    assert (answer["Success"], answer["ErrorCode"]) == (False, "308")


def test_the_checkout_test_bank_refuses_a_receipt_that_does_not_add_up(bank, owner, billed,
                                                                       settings):
    receipt, amount = _receipt_off_by_a_kopeck(owner, billed)
    shop = f"{settings.PAYMENT_CHECKOUT_SHOP_ID}:{settings.PAYMENT_CHECKOUT_SECRET_KEY}"
    body = {"amount": {"value": f"{amount / 100:.2f}", "currency": "RUB"}, "capture": True,
            "confirmation": {"type": "redirect", "return_url": bank.url},
            "metadata": {"order_id": "VK-1"}, "receipt": checkout_receipt(receipt)}

    status, answer = _post(f"{bank.url}/test-bank/v3/payments", body, {
        "Authorization": "Basic " + base64.b64encode(shop.encode()).decode(),
        "Idempotence-Key": "receipt-test-1"})

    assert status == 400
    assert "add up" in answer["description"]


@pytest.mark.parametrize(("name", "value", "error"), [
    ("FISCAL_VAT_RATE", "18", "payments.E004"), ("FISCAL_TAXATION", "envd", "payments.E005"),
    ("PAYMENT_BANKS", ["acquiring", "sberbank"], "payments.E002"),
    ("PAYMENT_CHECKOUT_SECRET_KEY", "", "payments.E003")])
def test_settings_a_bank_would_refuse_fail_the_system_check(settings, name, value, error):
    from payments.checks import payment_settings

    setattr(settings, name, value)

    assert error in [found.id for found in payment_settings(None)]
