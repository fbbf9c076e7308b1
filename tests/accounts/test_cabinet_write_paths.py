"""Every write path that changes what a cabinet shows, against a tab already cached.

docs/architecture.md lists the paths; the ones tested elsewhere are named there. Each
test caches the tab, writes the way the portal does, and expects the change at once.
"""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from billing.exchange.formats import FORMATS
from billing.exchange.importer import billing_file_import
from payments.gateways.base import BankStatus
from payments.models import PaymentOrder, PaymentOrderLine
from payments.services import order_status_apply
from support.models import Question
from support.services import question_answer
from tests.factories import billing_history

HEADERS = {name: ";".join(file_format.header) for name, file_format in FORMATS.items()}


@pytest.fixture
def account(owner):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 9, 1), months=2)
    return account


def _cached(client, url_name: str) -> str:
    client.get(reverse(url_name))
    return client.get(reverse(url_name)).content.decode()


def _import(kind: str, *rows: str) -> None:
    text = "\n".join([HEADERS[kind], *rows]) + "\n"
    result = billing_file_import(file_format=FORMATS[kind], stream=io.BytesIO(text.encode()))
    assert result.written == len(rows)


def test_a_card_payment_the_bank_confirms(logged_in, owner, account):
    assert "777,00" not in _cached(logged_in, "cabinet")
    order = PaymentOrder.objects.create(order_id="VK-write-path", user=owner,
                                        gateway="acquiring", amount=Decimal("777.00"))
    PaymentOrderLine.objects.create(order=order, account=account, amount=Decimal("777.00"))

    order_status_apply(gateway_name=order.gateway,
                       status=BankStatus(order.order_id, "1", "CONFIRMED", 77700),
                       source="notification")

    page = logged_in.get(reverse("cabinet")).content.decode()
    assert "777,00\xa0₽" in page  # the last payment


def test_an_import_of_charges(logged_in, account):
    assert "1\xa0234,56" not in _cached(logged_in, "billing:charges")

    _import("charges", f"C-new;{account.number};2026-11;cold_water;1;45.01;1234.56;0")

    assert "1\xa0234,56" in logged_in.get(reverse("billing:charges")).content.decode()


def test_an_import_of_accounts_renames_the_holder(logged_in, account):
    assert "Соколова" not in _cached(logged_in, "cabinet")

    _import("accounts", f"{account.external_id};{account.number};{account.building.external_id};"
                        f"{account.flat};Соколова;Анна;Сергеевна;apartment;2")

    assert "Соколова" in logged_in.get(reverse("cabinet")).content.decode()


def test_an_import_of_buildings_moves_the_address(logged_in, account):
    assert "ул. Фрунзе" not in _cached(logged_in, "cabinet")

    _import("buildings", f"{account.building.external_id};г. Новосибирск, ул. Фрунзе, д. 5;;0;;")

    assert "ул. Фрунзе, д. 5" in logged_in.get(reverse("cabinet")).content.decode()


def test_an_answered_question(logged_in, owner, account, admin_user):
    question = Question.objects.create(user=owner, topic="charges", text="Почему так много?")
    link = reverse("support:question", args=[question.pk])
    assert link not in _cached(logged_in, "cabinet")

    question_answer(question=question, staff=admin_user, answer="Из-за перерасчёта.")

    assert link in logged_in.get(reverse("cabinet")).content.decode()  # "answered you"
