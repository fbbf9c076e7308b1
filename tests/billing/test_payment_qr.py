"""The payment QR code: the ST00012 payload field by field, and the image decoded back."""

import io
from datetime import date
from decimal import Decimal

import pytest
import segno
import zxingcpp
from PIL import Image

from accounts.models import Building, PersonalAccount
from billing.payment_qr import PaymentRequest, payment_qr_payload

ACCOUNT = PersonalAccount(number="01-1234567", last_name="Иванова", first_name="Анна",
                          middle_name="Сергеевна", flat="34",
                          building=Building(address="г. Новосибирск, ул. Ленина, д. 12"))


def _fields(payload: str) -> list[tuple[str, str]]:
    header, separator = payload[:7], payload[7]
    assert (header, separator) == ("ST00012", "|")
    return [tuple(pair.split("=", 1)) for pair in payload[8:].split(separator)]


def _payload(amount="1234.56", **changes) -> str:
    request = PaymentRequest(account=ACCOUNT, amount=Decimal(amount), period=date(2026, 10, 1),
                             purpose="Оплата за воду, л/с 01-1234567")
    for name, value in changes.items():
        setattr(request.account, name, value)
    return payment_qr_payload(request)


def test_every_field_in_the_standards_order(settings):
    settings.UTILITY_BANK = {
        "PAYEE_NAME": "МУП «Горводоканал»", "ACCOUNT": "40702810000000000001",
        "BANK_NAME": "Тест-банк", "BIC": "045000001", "CORRESPONDENT_ACCOUNT":
        "30101810000000000001", "PAYEE_INN": "5400000001", "PAYEE_KPP": "540001002"}

    assert _fields(_payload()) == [
        ("Name", "МУП «Горводоканал»"),
        ("PersonalAcc", "40702810000000000001"),
        ("BankName", "Тест-банк"),
        ("BIC", "045000001"),
        ("CorrespAcc", "30101810000000000001"),
        ("PayeeINN", "5400000001"),
        ("KPP", "540001002"),
        ("Sum", "123456"),
        ("Purpose", "Оплата за воду, л/с 01-1234567"),
        ("PersAcc", "01-1234567"),
        ("PaymPeriod", "102026"),
        ("LastName", "Иванова"),
        ("FirstName", "Анна"),
        ("MiddleName", "Сергеевна"),
        ("PayerAddress", "г. Новосибирск, ул. Ленина, д. 12, кв. 34"),
        ("TechCode", "02"),
    ]


@pytest.mark.parametrize(("amount", "kopecks"), [("0.01", "1"), ("10", "1000"),
                                                 ("99.995", "10000"), ("1234.56", "123456")])
def test_the_sum_is_in_whole_kopecks(amount, kopecks):
    assert dict(_fields(_payload(amount)))["Sum"] == kopecks


def test_nothing_to_pay_leaves_the_sum_to_the_payer():
    assert "Sum" not in dict(_fields(_payload("0")))


def test_a_separator_or_a_line_break_in_a_value_cannot_break_the_payload():
    fields = dict(_fields(_payload(last_name="Иванова|Sum=1", middle_name="Сер\nгеевна")))

    assert fields["LastName"] == "Иванова/Sum=1"
    assert fields["MiddleName"] == "Сер геевна"
    assert fields["Sum"] == "123456"


def test_long_values_are_cut_to_the_standards_limits(settings):
    settings.UTILITY_BANK = {**settings.UTILITY_BANK, "PAYEE_NAME": "Я" * 300,
                             "BANK_NAME": "Б" * 100}

    fields = dict(_fields(_payload()))

    assert (len(fields["Name"]), len(fields["BankName"])) == (160, 45)


def test_the_image_decodes_back_to_the_payload():
    payload = _payload()
    image = io.BytesIO()
    segno.make(payload, error="m", mode="byte", encoding="utf-8").save(image, kind="png",
                                                                        scale=4)

    [decoded] = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.getvalue())))

    assert decoded.text == payload
    assert decoded.format == zxingcpp.BarcodeFormat.QRCode
