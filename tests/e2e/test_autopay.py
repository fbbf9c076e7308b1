"""Autopay in a browser: a card remembered on a payment, autopay turned on with a cap typed
as people type it, then, time frozen a month on, the month's charges loaded: the notice
tells the amount the day before, and the next day the charge is in the payment history."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from billing.money import money_text
from billing.selectors import account_summary
from payments.tasks import autopay_charge_task, autopay_plan_task
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual, pay_on_the_test_banks_card_page
from tests.factories import billing_history

NOVOSIBIRSK = ZoneInfo("Asia/Novosibirsk")


@pytest.mark.parametrize("viewport", ["phone_page", "page"])
@pytest.mark.usefixtures("sessions_outlast_travel")
def test_bind_a_card_and_see_autopay_charge_next_month(request, viewport, bank,
                                                        transactional_db, owner, screenshot):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 10, 1), months=2, paid_share=Decimal("0"))
    page = request.getfixturevalue(viewport)
    log_in_individual(page, account.number, PASSWORD)

    page.goto("/cabinet/pay/")
    page.get_by_label(re.compile(account.number)).fill("")
    page.get_by_label(re.compile(account.number)).press_sequentially("300")
    page.get_by_label("Запомнить карту для автоплатежа").check()
    page.get_by_role("button", name="Перейти на страницу банка").click()
    pay_on_the_test_banks_card_page(page, "4111 1111 1111 1111")
    expect(page.get_by_role("heading", name="Оплачено")).to_be_visible()

    page.goto("/cabinet/pay/")
    page.get_by_role("link", name=re.compile("Автоплатёж")).click()
    page.get_by_label("Не больше в месяц, ₽").press_sequentially("5 000")
    page.get_by_role("button", name="Включить автоплатёж").click()
    expect(page.get_by_text("Включён: карта 411111******1111, не больше 5\xa0000,00\xa0₽ "
                            "в месяц.")).to_be_visible()

    with time_machine.travel(datetime(2027, 1, 10, 12, tzinfo=NOVOSIBIRSK)):
        billing_history(account, first=date(2026, 12, 1), months=1, paid_share=Decimal("0"))
        autopay_plan_task()  # the beat's round after the month's charges are loaded
        page.goto("/cabinet/notices/")
        told = page.locator("p.notice-text").filter(has_text="Автоплатёж спишет")
        expect(told).to_contain_text("11.01.2027")
        page.goto("/cabinet/autopay/")
        owed = money_text(account_summary(account=account).to_pay)  # all but the 300 paid
        expect(page.get_by_text(f"Декабрь 2026: {owed} · спишется 11.01.2027; сумму мы вам "
                                "сообщили")).to_be_visible()
        screenshot(page, f"autopay-planned-{viewport}")
        for tab in ("/cabinet/", "/cabinet/pay/"):  # in sight where the resident looks
            page.goto(tab)
            expect(page.get_by_text(f"11 января автоплатёж спишет {owed} с карты "
                                    "411111******1111.")).to_be_visible()

    with time_machine.travel(datetime(2027, 1, 11, 12, tzinfo=NOVOSIBIRSK)):
        autopay_charge_task()
        page.goto("/cabinet/autopay/")
        expect(page.get_by_text(f"Декабрь 2026: {owed} · списан с карты")).to_be_visible()
        page.goto("/cabinet/")
        expect(page.get_by_text("автоплатёж спишет")).to_have_count(0)  # charged: nothing due
        page.goto("/cabinet/charges/")
        screenshot(page, f"autopay-charged-{viewport}")
        expect(page.get_by_role("cell", name="Портал").first).to_be_visible()
