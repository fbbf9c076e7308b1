"""Receipts (PDF with the payment QR) and statements (PDF and CSV) of the logged-in person."""

import io
import shutil
import subprocess
from datetime import date
from decimal import Decimal

import pytest
import zxingcpp
from django.urls import reverse
from PIL import Image

from tests.factories import billing_history

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"),
                                reason="pdftoppm (poppler-utils) reads the PDF back")


@pytest.fixture
def account(owner):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2025, 11, 1), months=12, paid_share=Decimal("0.5"))
    return account


def _qr_payloads(pdf: bytes) -> list[str]:
    """Rasterise the first page at print resolution and read every QR code on it."""
    png = subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-"],
                         input=pdf, capture_output=True, check=True).stdout
    return [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _fields(payload: str) -> dict[str, str]:
    return dict(pair.split("=", 1) for pair in payload.split("|")[1:])


def test_a_month_receipt_carries_a_qr_code_for_that_month(logged_in, account):
    response = logged_in.get(reverse("billing:receipts"), {"period": "2026-10"})

    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert f"receipt-{account.number}-202610.pdf" in response["Content-Disposition"]
    [payload] = _qr_payloads(response.content)
    fields = _fields(payload)
    october = account.balances.get(period=date(2026, 10, 1))
    assert payload.startswith("ST00012|Name=")
    assert fields["Sum"] == str(int(october.closing * 100))
    assert (fields["PersAcc"], fields["PaymPeriod"], fields["TechCode"]) == (
        account.number, "102026", "02")
    assert fields["LastName"] == account.last_name


def test_a_debt_receipt_asks_for_the_whole_debt(logged_in, account):
    response = logged_in.get(reverse("billing:receipts"), {"period": ""})

    fields = _fields(_qr_payloads(response.content)[0])
    latest = account.balances.order_by("-period").first()
    assert Decimal(fields["Sum"]) / 100 == latest.closing > 0


@pytest.mark.parametrize(("period", "message"), [("2019-01", "Квитанции за этот месяц пока нет"),
                                                 ("13.2026", "Укажите месяц")])
def test_a_month_without_a_receipt_gets_a_message(logged_in, account, period, message):
    response = logged_in.get(reverse("billing:receipts"), {"period": period})

    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_statement_as_csv_has_a_row_a_month(logged_in, account):
    response = logged_in.get(reverse("billing:statement"),
                             {"first": "2026-01", "last": "03.2026", "output": "csv"})

    text = response.content.decode("utf-8-sig")
    rows = [row.split(";") for row in text.strip().split("\r\n")]
    assert rows[0][0] == "Период"
    assert [row[0] for row in rows[1:]] == ["01.2026", "02.2026", "03.2026"]
    january = account.balances.get(period=date(2026, 1, 1))
    assert rows[1][-1] == str(january.closing).replace(".", ",")


def test_a_statement_as_pdf(logged_in, account):
    response = logged_in.get(reverse("billing:statement"),
                             {"first": "2025-11", "last": "2026-10", "output": "pdf"})

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


@pytest.mark.parametrize(("first", "last", "message"), [
    ("2026-05", "2026-01", "Начальный месяц позже конечного"),
    ("2016-01", "2026-01", "не больше 60 месяцев"),
    ("весна", "2026-01", "Укажите месяц"),
])
def test_a_bad_statement_period_gets_a_message(logged_in, account, first, last, message):
    response = logged_in.get(reverse("billing:statement"),
                             {"first": first, "last": last, "output": "pdf"})

    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_neighbours_receipt_cannot_be_asked_for(logged_in, owner, neighbour):
    theirs = neighbour.personal_accounts.get()
    billing_history(theirs, first=date(2026, 1, 1), months=10, paid_share=Decimal("0"))

    switch = logged_in.post(reverse("accounts:account_switch"), {"number": theirs.number})
    response = logged_in.get(reverse("billing:receipts"), {"period": "2026-10"})

    assert switch.status_code == 404
    # The owner's own receipts page, with no receipt: that month is not among theirs.
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    assert owner.personal_accounts.get().number in page
    assert theirs.number not in page
    assert logged_in.session.get("accounts:current_account") is None
