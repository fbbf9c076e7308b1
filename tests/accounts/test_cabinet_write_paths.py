"""Every write path that changes what a cabinet shows, against a tab already cached.

docs/architecture.md lists the paths; the ones tested elsewhere are named there. Each
test caches the tab, writes the way the portal does, and expects the change at once.
"""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from billing.exchange.formats import FORMATS
from billing.exchange.importer import billing_file_import
from billing.models import Tariff
from meters.models import Reading, ReadingRules
from payments.gateways.base import BankStatus
from payments.models import PaymentOrder, PaymentOrderLine
from payments.services import order_status_apply
from support.models import Question
from support.services import question_answer
from tests.factories import MeterFactory, billing_history

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


# Staff's changes in admin, each as staff make it (the change form), against cached tabs.

def _rules_form(**changes) -> dict:
    form = {"opens_on_day": 15, "closes_on_day": 25, "late_readings_accepted": "on",
            "high_consumption": "30", "communal_high_factor": "2",
            "flat_meter_ceiling": "1000", "communal_ceiling_factor": "10"}
    form.update(changes)
    return {name: value for name, value in form.items() if value is not None}


def _tab_on(client, url_name: str, day: date) -> str:
    with time_machine.travel(day, tick=False):
        return client.get(reverse(url_name)).content.decode()


@pytest.fixture
def with_meter(account):
    return MeterFactory(account=account, water="cold")


@pytest.mark.usefixtures("sessions_outlast_travel", "with_meter")
def test_staff_change_the_reading_window(logged_in, admin_client):
    rules = ReadingRules.current()
    day = date(2026, 12, 27)
    for url_name in ("cabinet", "meters:meters"):
        _tab_on(logged_in, url_name, day)  # cached with the window of 15–25
    assert "будут учтены за январь 2027" in _tab_on(logged_in, "cabinet", day)

    admin_client.post(reverse("admin:meters_readingrules_change", args=[rules.pk]),
                      _rules_form(closes_on_day=28))

    assert "Показания принимаются до 28 декабря" in _tab_on(logged_in, "cabinet", day)
    assert "до 28 декабря" in _tab_on(logged_in, "meters:meters", day)


@pytest.mark.usefixtures("sessions_outlast_travel", "with_meter")
def test_staff_turn_late_readings_off(logged_in, admin_client):
    rules = ReadingRules.current()
    day = date(2026, 12, 27)
    assert "будут учтены за январь 2027" in _tab_on(logged_in, "cabinet", day)

    admin_client.post(reverse("admin:meters_readingrules_change", args=[rules.pk]),
                      _rules_form(late_readings_accepted=None))

    information = _tab_on(logged_in, "cabinet", day)
    assert "будут учтены за январь 2027" not in information
    assert "Следующий приём показаний — с 15 января по 25 января." in information
    assert "Сейчас показания не принимаются" in _tab_on(logged_in, "meters:meters", day)


@pytest.mark.usefixtures("sessions_outlast_travel", "with_meter")
def test_staff_change_a_tariff(logged_in, admin_client, with_meter):
    day = date(2026, 11, 20)
    Reading.objects.create(meter=with_meter, period=date(2026, 11, 1), value=Decimal("10"),
                           consumption=Decimal("10"))
    tariff = Tariff.objects.create(service="cold_water", category="apartment",
                                   price=Decimal("45.01"), valid_from=date(2026, 7, 1))
    Tariff.objects.create(service="sewerage", category="apartment", price=Decimal("36.30"),
                          valid_from=date(2026, 7, 1))
    assert "× 45,01\xa0₽" in _tab_on(logged_in, "meters:meters", day)

    admin_client.post(reverse("admin:billing_tariff_change", args=[tariff.pk]), {
        "service": tariff.service, "category": tariff.category, "price": "99.99",
        "valid_from": tariff.valid_from.isoformat()})

    assert "× 99,99\xa0₽" in _tab_on(logged_in, "meters:meters", day)


def test_staff_remove_an_announcement(logged_in, account, admin_client):
    from support.models import Announcement

    notice = Announcement.objects.create(
        kind="emergency", service="cold_water", title="Отключение холодной воды",
        text="Ремонт трубы.",
        streets="", starts_at=timezone.now(), ends_at=timezone.now() + timedelta(days=1),
        published_at=timezone.now())
    notice.buildings.add(account.building)
    assert "Отключение холодной воды" in _cached(logged_in, "cabinet")

    admin_client.post(reverse("admin:support_announcement_delete", args=[notice.pk]),
                      {"post": "yes"})

    assert "Отключение холодной воды" not in logged_in.get(reverse("cabinet")).content.decode()


def test_staff_change_the_faq(logged_in, account, admin_client):
    from accounts.models import CabinetGeneration
    from support.models import FaqEntry

    _cached(logged_in, "cabinet")
    before = CabinetGeneration.objects.get().value

    admin_client.post(reverse("admin:support_faqentry_add"), {
        "topic": "meters", "question": "Как передать показания?", "answer": "В кабинете."})

    assert FaqEntry.objects.exists()
    assert CabinetGeneration.objects.get().value > before  # every tab drawn afresh
