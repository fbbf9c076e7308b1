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
    expect(page.get_by_role("rowheader", name="Декабрь 2025 · сальдо на начало")).to_be_visible()
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
