"""The payment QR code of a receipt, ГОСТ Р 56042-2014 "ST00012" (../shared/design/PAYMENT_QR.md).

Any Russian banking app scans it and fills in the payee, the sum and the
purpose, so the subscriber only confirms.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import segno
from django.conf import settings

from accounts.models import PersonalAccount

from .money import to_kopecks

HEADER = "ST00012"  # version 0001, UTF-8 (2)
SEPARATOR = "|"
HOUSING_AND_UTILITIES = "02"
# Longest values the standard allows; longer ones are cut rather than rejected by a bank.
LIMITS = {"Name": 160, "BankName": 45, "Purpose": 210, "PayerAddress": 210}


@dataclass(frozen=True)
class PaymentRequest:
    account: PersonalAccount
    amount: Decimal  # roubles; zero leaves the sum for the payer to type
    period: date
    purpose: str


def payment_qr_payload(request: PaymentRequest) -> str:
    bank = settings.UTILITY_BANK
    account = request.account
    fields = [
        ("Name", bank["PAYEE_NAME"]),
        ("PersonalAcc", bank["ACCOUNT"]),
        ("BankName", bank["BANK_NAME"]),
        ("BIC", bank["BIC"]),
        ("CorrespAcc", bank["CORRESPONDENT_ACCOUNT"] or "0"),
        ("PayeeINN", bank["PAYEE_INN"]),
        ("KPP", bank["PAYEE_KPP"]),
        ("Sum", str(to_kopecks(request.amount)) if request.amount > 0 else ""),
        ("Purpose", request.purpose),
        ("PersAcc", account.number),
        ("PaymPeriod", f"{request.period:%m%Y}"),
        ("LastName", account.last_name),
        ("FirstName", account.first_name),
        ("MiddleName", account.middle_name),
        ("PayerAddress", account.address),
        ("TechCode", HOUSING_AND_UTILITIES),
    ]
    body = SEPARATOR.join(f"{key}={_clean(key, value)}" for key, value in fields if value)
    return f"{HEADER}{SEPARATOR}{body}"


def _clean(key: str, value: str) -> str:
    """No separator inside a value, no line breaks, within the standard's length."""
    text = " ".join(str(value).replace(SEPARATOR, "/").split())
    return text[:LIMITS.get(key, len(text))]


def payment_qr_svg_data_uri(payload: str) -> str:
    """Byte mode, error correction M; printed at 30 mm it scans from paper."""
    code = segno.make(payload, error="m", mode="byte", encoding="utf-8", micro=False,
                      boost_error=False)
    return code.svg_data_uri(scale=4, border=4)
