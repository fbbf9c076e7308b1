"""Paying a neighbour's account without a login, in a browser on a phone and a computer:
the number typed as on the receipt, the masked address, the surname for the debt, the
amount with a decimal comma, the test bank's card page, the payer's e-mail gets the mail."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from billing.models import PaymentReceived
from tests.e2e.conftest import pay_on_the_test_banks_card_page
from tests.factories import BuildingFactory, PersonalAccountFactory, billing_history


@pytest.mark.parametrize("viewport", ["phone_page", "page"])
def test_pay_a_neighbours_account_without_a_login(request, viewport, bank,
                                                  transactional_db, screenshot):
    neighbour = PersonalAccountFactory(
        number="01-0004512", flat="17", last_name="Семёнова",
        building=BuildingFactory(address="г. Новосибирск, ул. Кирова, д. 3"))
    billing_history(neighbour, first=date(2026, 9, 1), months=2, paid_share=Decimal("0"))
    page = request.getfixturevalue(viewport)

    page.goto("/login/")
    page.get_by_role("link", name="Оплатить без входа").click()
    page.get_by_label("Номер лицевого счёта").press_sequentially("01–4512")
    page.get_by_role("button", name="Найти счёт").click()
    expect(page.get_by_text("ул. Кирова, д. 3, кв. 1*")).to_be_visible()
    expect(page.get_by_text("Семёнова")).to_have_count(0)

    page.get_by_label("Фамилия владельца счёта").press_sequentially("семенова")
    page.get_by_role("button", name="Найти счёт").click()
    expect(page.get_by_text(re.compile("К оплате сейчас"))).to_be_visible()
    amount = page.get_by_label("Сумма, ₽")
    expect(amount).to_have_value("894,41")  # the debt shown is the amount to pay
    amount.fill("")  # the payer pays more than the debt
    amount.press_sequentially("1 200,50")
    page.get_by_label("Ваш e-mail для чека").press_sequentially("sosed@example.com")
    screenshot(page, f"guest-pay-{viewport}")
    page.get_by_role("button", name="Перейти на страницу банка").click()

    pay_on_the_test_banks_card_page(page, "4111 1111 1111 1111")

    expect(page.get_by_role("heading", name="Оплачено")).to_be_visible()
    screenshot(page, f"guest-paid-{viewport}")
    assert PaymentReceived.objects.get(account=neighbour).amount == Decimal("1200.50")
    assert any(message.to == ["sosed@example.com"] and "1\xa0200,50" in message.body
               for message in mail.outbox)
