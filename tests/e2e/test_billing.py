"""The money tabs in a browser: Charges month by month, a statement and a receipt downloaded."""

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual
from tests.factories import billing_history


def test_charges_tab_statement_and_receipt(phone_page, owner, screenshot):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2025, 1, 1), months=22, paid_share=Decimal("0.9"))
    page = phone_page
    log_in_individual(page, account.number, PASSWORD)
    expect(page.get_by_role("heading", name="Задолженность")).to_be_visible()
    screenshot(page, "information-phone")

    page.get_by_role("link", name="Расчёты").click()
    expect(page.get_by_role("heading", name="По месяцам, 2026")).to_be_visible()
    expect(page.locator("svg.chart rect").first).to_be_visible()
    page.get_by_label("Год", exact=True).select_option("2025")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("rowheader", name="Декабрь 2025")).to_be_visible()
    screenshot(page, "charges-phone")

    page.get_by_role("link", name="Выписка за любой период (PDF, CSV)").click()
    page.get_by_label(re.compile(r"^Первый месяц")).select_option(label="Январь 2025")
    page.get_by_label(re.compile(r"^Последний месяц")).select_option(label="Декабрь 2025")
    page.get_by_label("CSV").check()
    with page.expect_download() as statement:
        page.get_by_role("button", name="Скачать").click()
    assert statement.value.suggested_filename == f"statement-{account.number}-202501-202512.csv"
    assert "12.2025" in Path(statement.value.path()).read_text(encoding="utf-8-sig")

    page.get_by_role("link", name="Квитанции").click()
    page.get_by_label(re.compile(r"^Месяц:?$")).select_option(label="Октябрь 2026")
    with page.expect_download() as receipt:
        page.get_by_role("button", name="Квитанция за месяц").click()
    assert receipt.value.suggested_filename == f"receipt-{account.number}-202610.pdf"
    with open(receipt.value.path(), "rb") as document:
        assert document.read(5) == b"%PDF-"


def test_on_a_phone_each_month_is_a_list_with_every_figure_named(phone_page, owner,
                                                                 screenshot):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 9, 1), months=2)
    log_in_individual(phone_page, account.number, PASSWORD)
    phone_page.goto("/cabinet/charges/")

    october = phone_page.locator("tbody.month").filter(has_text="Октябрь 2026")
    for name in ("Объём", "Тариф", "Начислено", "Перерасчёт"):
        for figure in october.locator(f"td[data-label='{name}']").all():
            assert figure.is_visible()
            box = figure.bounding_box()
            assert 0 <= box["x"] <= box["x"] + box["width"] <= 375  # all on the screen
    expect(october.get_by_text("Начислено за месяц")).to_be_visible()
    expect(october.get_by_text("Оплачено", exact=True)).to_be_visible()
    expect(october.get_by_text("Сальдо на конец")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    screenshot(phone_page, "charges-as-a-list-phone")
