"""Paying by SBP in a browser, on a phone and on a computer: the amount typed with a decimal
comma, the QR code and the bank-app link, the test bank's app pays it, the payment is
credited and the cabinet's notices tell of it."""

import re
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual
from tests.factories import billing_history


@pytest.mark.parametrize("viewport", ["phone_page", "page"])
def test_pay_by_sbp_through_the_test_banks_app(request, viewport, bank,
                                               transactional_db, owner, screenshot):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 8, 1), months=3, paid_share=Decimal("0"))
    page = request.getfixturevalue(viewport)
    log_in_individual(page, account.number, PASSWORD)

    page.goto("/cabinet/pay/")
    amount = page.get_by_label(re.compile(account.number))
    amount.fill("")
    amount.press_sequentially("250,50")
    screenshot(page, f"pay-form-{viewport}")
    page.get_by_role("button", name="Оплатить по QR-коду СБП").click()

    expect(page.get_by_role("heading", name="Оплата по СБП")).to_be_visible()
    expect(page.get_by_text("250,50\xa0₽")).to_be_visible()
    expect(page.get_by_role("img", name="QR-код СБП для этой оплаты")).to_be_visible()
    app_link = page.get_by_role("link", name="Открыть приложение моего банка")
    assert app_link.get_attribute("href").startswith("https://qr.nspk.ru/")
    screenshot(page, f"sbp-{viewport}")

    page.get_by_role("link", name="открыть приложение тестового банка").click()
    expect(page.get_by_text("250,50\xa0₽")).to_be_visible()
    page.get_by_role("button", name="Оплатить").click()

    expect(page.get_by_role("heading", name="Оплачено")).to_be_visible()
    page.goto("/cabinet/notices/")
    expect(page.get_by_text("Поступление оплаты").first).to_be_visible()
    screenshot(page, f"sbp-paid-notices-{viewport}")
