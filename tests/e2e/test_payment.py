"""Paying in a browser: the cabinet, the test bank's card page, back, the payment in history."""

import re
from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual, pay_on_the_test_banks_card_page
from tests.factories import billing_history


def test_pay_through_the_bank_and_see_it_in_history(phone_page, bank, owner,
                                                    screenshot):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 8, 1), months=3, paid_share=Decimal("0"))
    page = phone_page
    log_in_individual(page, account.number, PASSWORD)

    page.locator("section.todo").get_by_role("link", name="Оплатить").click()  # the debt leads
    expect(page.get_by_text("Оплата пройдёт на странице банка")).to_be_visible()
    screenshot(page, "pay-phone")
    page.get_by_label(re.compile(account.number)).fill("1000")
    page.get_by_role("button", name="Перейти на страницу банка").click()

    pay_on_the_test_banks_card_page(page, "5555 5555 5555 4444")
    page.get_by_label("Код из SMS").fill("1234")
    page.get_by_role("button", name="Подтвердить").click()

    expect(page.get_by_role("heading", name="Оплачено")).to_be_visible()
    screenshot(page, "paid-phone")
    page.get_by_role("link", name="История платежей").click()
    expect(page.get_by_role("cell", name="1\xa0000,00\xa0₽", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Портал")).to_be_visible()


def test_the_return_page_shows_the_banks_word_by_itself(page, bank, owner, screenshot):
    """The payer is back before the bank has said: the page asks again by itself, and
    shows the payment paid, with its receipt, without being reloaded by hand."""
    import json
    import urllib.request

    from django.conf import settings

    from payments.gateways.acquiring import acquiring_token
    from payments.models import PaymentOrder

    account = owner.personal_accounts.get()
    log_in_individual(page, account.number, PASSWORD)
    page.goto("/cabinet/pay/")
    page.get_by_label(re.compile(account.number)).press_sequentially("100,50")
    page.get_by_role("button", name="Перейти на страницу банка").click()
    expect(page.get_by_role("heading", name="Тестовый банк")).to_be_visible()
    order = PaymentOrder.objects.get()
    page.goto(f"/payments/{order.order_id}/")  # back, the bank silent so far
    expect(page.get_by_role("heading", name="Ждём подтверждения банка")).to_be_visible()
    assert order.amount == Decimal("100.50")

    data = {"TerminalKey": settings.PAYMENT_TERMINAL_KEY, "OrderId": order.order_id,
            "Success": True, "Status": "CONFIRMED", "PaymentId": order.bank_payment_id,
            "ErrorCode": "0", "Amount": 10050}
    data["Token"] = acquiring_token(data, settings.PAYMENT_TERMINAL_PASSWORD)
    request = urllib.request.Request(f"{bank.url}/payments/notifications/acquiring/",  # noqa: S310
                                     data=json.dumps(data).encode(),
                                     headers={"Content-Type": "application/json"})
    assert urllib.request.urlopen(request, timeout=10).read() == b"OK"  # noqa: S310

    expect(page.get_by_role("heading", name="Оплачено")).to_be_visible(timeout=10_000)
    expect(page.get_by_role("heading", name="Оплата 100,50 ₽")).to_be_visible()
    screenshot(page, "paid-by-itself-desktop")
