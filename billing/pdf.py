"""PDF documents: one renderer each, a template turned into bytes by WeasyPrint.

They are rendered in the active language (the subscriber's, in a request).
"""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML

from accounts.models import PersonalAccount

from .payment_qr import payment_qr_svg_data_uri
from .receipts import Receipt
from .selectors import MonthStatement


def _html(template: str, context: dict) -> str:
    return render_to_string(template, {"utility": settings.UTILITY,
                                       "bank": settings.UTILITY_BANK, **context})


def _pdf(html: str) -> bytes:
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def receipt_html(receipt: Receipt) -> str:
    return _html("pdf/receipt.html", {"receipt": receipt,
                                      "qr": payment_qr_svg_data_uri(receipt.qr_payload)})


def receipt_pdf(receipt: Receipt) -> bytes:
    return _pdf(receipt_html(receipt))


def statement_pdf(*, account: PersonalAccount, first: date, last: date,
                  months: list[MonthStatement], payments: list, today: date) -> bytes:
    return _pdf(_html("pdf/statement.html", {
        "account": account, "first": first, "last": last, "months": months,
        "payments": payments, "today": today}))
