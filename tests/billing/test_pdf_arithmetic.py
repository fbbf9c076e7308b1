"""Receipts and statements add up, as printed: each PDF is read back as text and checked.

Histories are generated (recalculations, credits, months without charges, up to five
years), because the kopecks a template drops show only on some figures.
"""

import re
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from billing import pdf, receipts, selectors
from billing.models import Charge, PaymentReceived, Service
from billing.periods import add_months
from billing.services import balances_rebuild
from tests.factories import PersonalAccountFactory

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"),
                                reason="pdftotext (poppler-utils) reads the PDF back")

FIRST = date(2021, 11, 1)
TODAY = date(2026, 11, 20)
TARIFFS = {Service.COLD_WATER: Decimal("45.01"), Service.SEWERAGE: Decimal("36.29")}
MONEY = re.compile(r"([-−]?\d{1,3}(?:[\s\u00a0\u202f]\d{3})*,\d{2})\s*₽")

kopecks = st.integers(min_value=-50_000, max_value=50_000).map(lambda k: Decimal(k) / 100)
month = st.fixed_dictionaries({
    "volume": st.one_of(st.none(),  # a month without charges
                        st.integers(min_value=0, max_value=40_000).map(
                            lambda litres: Decimal(litres) / 1000)),
    "recalculation": st.one_of(st.just(Decimal(0)), kopecks),
    "paid": st.one_of(st.just(Decimal(0)),
                      st.integers(min_value=1, max_value=900_000).map(
                          lambda k: Decimal(k) / 100)),
})
history = st.lists(month, min_size=1, max_size=60)


def _account_with(months: list[dict]):
    account = PersonalAccountFactory()
    charges, payments = [], []
    for index, data in enumerate(months):
        period = add_months(FIRST, index)
        if data["volume"] is not None:
            for service, tariff in TARIFFS.items():
                recalculation = data["recalculation"] if service == Service.COLD_WATER else 0
                charges.append(Charge(
                    account=account, period=period, service=service, volume=data["volume"],
                    tariff=tariff, amount=(data["volume"] * tariff).quantize(Decimal("0.01")),
                    recalculation=recalculation,
                    external_id=f"C-{account.number}-{period:%Y%m}-{service}"))
        if data["paid"]:
            payments.append(PaymentReceived(
                account=account, paid_on=period.replace(day=15), amount=data["paid"],
                channel=PaymentReceived.Channel.BANK,
                external_id=f"P-{account.number}-{period:%Y%m}"))
    Charge.objects.bulk_create(charges)
    PaymentReceived.objects.bulk_create(payments)
    balances_rebuild(account_ids=[account.pk])
    return account


def _text(document: bytes) -> str:
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=document,
                          capture_output=True, check=True).stdout.decode()


def _roubles(figure: str) -> Decimal:
    return Decimal(re.sub(r"[\s\u00a0\u202f]", "", figure).replace("−", "-").replace(",", "."))


def _figures(line: str) -> list[Decimal]:
    return [_roubles(figure) for figure in MONEY.findall(line)]


def _line(text: str, label: str) -> list[Decimal]:
    [line] = [line for line in text.splitlines() if line.strip().startswith(label)]
    return _figures(line)


def _qr_sum(payload: str) -> Decimal:
    fields = dict(pair.split("=", 1) for pair in payload.split("|")[1:])
    return Decimal(fields.get("Sum", "0")) / 100


@pytest.mark.django_db
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(months=history, which=st.integers(min_value=0, max_value=59))
def test_a_month_receipt_adds_up_as_printed(months, which):
    account = _account_with(months)
    periods = list(account.balances.order_by("period").values_list("period", flat=True))
    if not periods:  # nothing was ever charged or paid: there is no month to print
        return
    period = periods[which % len(periods)]
    receipt = receipts.receipt_for_month(account=account, period=period, today=TODAY)

    with translation.override("ru"):
        text = _text(pdf.receipt_pdf(receipt))
        services = [str(label) for label in Service.labels]

    [opening] = _line(text, "Долг (+) или аванс (−) на начало месяца")
    [charged] = _line(text, "Начислено с перерасчётами")
    [paid] = _line(text, "Оплачено в месяце")
    [to_pay] = _line(text, "К оплате")
    month_row = receipt.month
    assert (opening, charged, paid) == (month_row.opening, month_row.charged_total,
                                        month_row.paid)
    closing = opening + charged + (-paid)
    assert to_pay == max(closing, Decimal(0)) == _qr_sum(receipt.qr_payload)
    if closing < 0:
        assert _line(text, "Переплата на конец месяца") == [-closing]
    service_totals = []
    for service in services:
        rows = [line for line in text.splitlines() if line.strip().startswith(service)]
        for row in rows:  # charged, recalculation, total (the tariff comes first)
            _tariff, amount, recalculation, total = _figures(row)
            assert total == amount + recalculation
            service_totals.append(total)
    assert sum(service_totals, Decimal(0)) == charged


@pytest.mark.django_db
@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(months=history)
def test_a_statement_shows_every_column_within_its_page(months):
    account = _account_with(months)
    last = add_months(FIRST, len(months) - 1)
    statement = selectors.months_between(account=account, first=FIRST, last=last)

    with translation.override("ru"):
        document = pdf.statement_pdf(
            account=account, first=FIRST, last=last, months=statement,
            payments=selectors.payments_between(account=account, first=FIRST, last=last),
            today=TODAY)

    _assert_every_word_within_its_page(document)
    text = _text(document)
    header = " ".join(text.split())
    for column in ("Месяц", "Сальдо на начало", "Услуга", "Объём", "Начислено", "Перерасчёт",
                   "Оплачено", "Сальдо на конец"):
        assert column in header
    printed = [_roubles(figure) for figure in MONEY.findall(text)]
    for row in statement:
        assert row.opening + row.charged_total - row.paid == row.closing
        assert row.closing in printed


def _assert_every_word_within_its_page(document: bytes) -> None:
    """pdftotext's word boxes: nothing is drawn past the right edge of its page."""
    xhtml = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=document,
                           capture_output=True, check=True).stdout.decode()
    namespace = {"x": "http://www.w3.org/1999/xhtml"}
    pages = ElementTree.fromstring(xhtml).findall(".//x:page", namespace)  # noqa: S314 - ours
    assert pages
    for page in pages:
        width = float(page.get("width"))
        for word in page.findall("x:word", namespace):
            assert float(word.get("xMax")) <= width, word.text
