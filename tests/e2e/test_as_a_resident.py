"""As a resident would: a Russian browser, typing with the keyboard, on a phone and a desktop.

"100,50" typed into the payment once reached the bank as 10 050 ₽, and a receipt's lines
did not add up, while tests that filled fields as a program does passed.
"""

import re
import subprocess
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from payments.models import PaymentOrder, TestBankPayment
from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, log_in_individual
from tests.factories import MeterFactory, billing_history

NOVOSIBIRSK = ZoneInfo("Asia/Novosibirsk")
MONEY = re.compile(r"(-?\d{1,3}(?:[\s\u00a0]\d{3})*,\d{2})\s*₽")


@pytest.fixture(params=[PHONE, DESKTOP], ids=["375px", "1280px"])
def resident_page(request, browser, live_server, transactional_db):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU",
                                  viewport=request.param)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _type(page, label, text: str) -> None:
    """Click into the box, clear it and type key by key, as a person does."""
    box = page.get_by_label(label)
    box.click()
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(text, delay=20)


@pytest.fixture
def paying(resident_page, bank, owner):
    """A resident three months in debt, logged in, on the pay page of a portal whose
    test bank answers over HTTP."""
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 8, 1), months=3, paid_share=Decimal("0"))
    log_in_individual(resident_page, account.number, PASSWORD)
    resident_page.get_by_role("link", name="Оплатить").first.click()
    return resident_page, account


def test_pay_100_50_and_see_exactly_that(paying, screenshot):
    page, account = paying
    _type(page, re.compile(account.number), "100,50")
    page.get_by_role("button", name="Перейти на страницу банка").click()

    expect(page.get_by_role("heading", name="Тестовый банк")).to_be_visible()
    expect(page.locator("[data-amount]")).to_have_text("100,50\xa0₽")
    assert PaymentOrder.objects.get().amount == Decimal("100.50")
    assert TestBankPayment.objects.get().amount_kopecks == 10050
    _type(page, "Номер карты", "4111 1111 1111 1111")
    _type(page, "Срок действия (ММ/ГГ)", "12/30")
    _type(page, "CVC", "123")
    page.get_by_role("button", name="Оплатить").click()

    expect(page.get_by_role("heading", name="Оплачено")).to_be_visible()
    page.get_by_role("link", name="История платежей").click()
    expect(page.get_by_role("cell", name="100,50\xa0₽", exact=True)).to_be_visible()
    screenshot(page, f"resident-paid-{page.viewport_size['width']}")


def test_a_slipped_comma_is_asked_about_before_the_bank(paying):
    page, account = paying
    _type(page, re.compile(account.number), "14635,8")
    page.get_by_role("button", name="Перейти на страницу банка").click()

    expect(page.get_by_text("Вы собираетесь оплатить 14\xa0635,80\xa0₽")).to_be_visible()
    assert not PaymentOrder.objects.exists()
    page.get_by_label("Да, оплатить 14\xa0635,80\xa0₽").check()
    page.get_by_role("button", name="Перейти на страницу банка").click()
    expect(page.locator("[data-amount]")).to_have_text("14\xa0635,80\xa0₽")


def test_submit_170_2_and_see_it(resident_page, owner, screenshot):
    account = owner.personal_accounts.get()
    cold = MeterFactory(account=account, water="cold", initial_reading=Decimal("165"))
    page = resident_page
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=NOVOSIBIRSK)):
        log_in_individual(page, account.number, PASSWORD)
        page.get_by_role("link", name="Счётчики").first.click()
        _type(page, f"Холодная вода № {cold.serial}", "170,2")
        page.get_by_role("button", name="Передать показания").click()

        expect(page.get_by_text("Показания за ноябрь 2026 приняты")).to_be_visible()
        expect(page.get_by_role("cell", name="170,200\xa0м³").first).to_be_visible()
        screenshot(page, f"resident-reading-{page.viewport_size['width']}")
    assert cold.readings.get().value == Decimal("170.200")


def test_download_the_months_receipt_and_check_its_totals(resident_page, owner, tmp_path):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 1, 1), months=10, paid_share=Decimal("0.7"))
    october = account.balances.get(period=date(2026, 10, 1))
    page = resident_page
    log_in_individual(page, account.number, PASSWORD)

    page.get_by_role("link", name="Квитанции").first.click()
    page.get_by_label(re.compile(r"^Месяц:?$")).select_option(label="Октябрь 2026")
    with page.expect_download() as download:
        page.get_by_role("button", name="Квитанция за месяц").click()

    text = subprocess.run(["pdftotext", "-layout", download.value.path(), "-"],
                          capture_output=True, check=True).stdout.decode()
    figures = {label: _roubles(MONEY.findall(line)[-1]) for line in text.splitlines()
               for label in ("Долг (+) или аванс (−) на начало месяца",
                             "Начислено с перерасчётами", "Оплачено в месяце", "К оплате")
               if line.strip().startswith(label)}
    opening, charged, paid, to_pay = figures.values()
    assert opening + charged - paid == to_pay == october.closing


def _roubles(figure: str) -> Decimal:
    return Decimal(re.sub(r"[\s\u00a0]", "", figure).replace(",", "."))
