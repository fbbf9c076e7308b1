"""The Information tab leads with what needs doing, each item with its action: the reading
window and each meter's reading, verifications near or past, the debt, new answers. Time is
frozen at the days a month turns on, December into January included."""

import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from billing.models import MonthlyBalance
from meters.models import Reading
from tests.factories import MeterFactory

pytestmark = pytest.mark.usefixtures("sessions_outlast_travel")


@pytest.fixture
def account(owner):
    return owner.personal_accounts.get()


@pytest.fixture
def cold(account):
    return MeterFactory(account=account, water="cold", serial="1111")


def _todo(client, day: date) -> str:
    """The "What needs doing" card, its text with the markup and spaces squeezed out."""
    with time_machine.travel(day, tick=False):
        page = client.get(reverse("cabinet")).content.decode()
    card = page[page.index('aria-labelledby="todo-title">') + 29:]
    card = card[:card.index("</section>")]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def _links(client, day: date) -> list[str]:
    with time_machine.travel(day, tick=False):
        page = client.get(reverse("cabinet")).content.decode()
    card = page[page.index('aria-labelledby="todo-title"'):]
    return re.findall(r'href="([^"]+)"', card[:card.index("</section>")])


@pytest.mark.parametrize(("day", "said"), [
    (date(2026, 12, 15), "Показания принимаются до 25 декабря: осталось 11 дней."),
    (date(2026, 12, 24), "Показания принимаются до 25 декабря: осталось 2 дня."),
    (date(2026, 12, 25), "Показания принимаются до 25 декабря: остался 1 день."),
    (date(2026, 12, 26), "Следующий приём показаний — с 15 января по 25 января. Показания, "
                         "переданные сейчас, будут учтены за январь 2027."),
    (date(2027, 1, 3), "Следующий приём показаний — с 15 января по 25 января. Показания, "
                       "переданные сейчас, будут учтены за январь 2027."),
    (date(2027, 1, 15), "Показания принимаются до 25 января: осталось 11 дней."),
])
def test_the_window_says_how_long_it_is_open_or_when_it_opens(logged_in, cold, day, said):
    assert said in _todo(logged_in, day)
    assert reverse("meters:meters") in _links(logged_in, day)


def test_each_meter_says_whether_the_months_reading_is_in(logged_in, account, cold):
    hot = MeterFactory(account=account, water="hot", serial="2222")
    Reading.objects.create(meter=cold, period=date(2026, 12, 1), value=Decimal("130.5"),
                           consumption=Decimal("10"))

    december = _todo(logged_in, date(2026, 12, 20))
    january = _todo(logged_in, date(2026, 12, 27))  # a reading now counts in January

    assert f"{cold}: за декабрь передано 130,500 м³" in december
    assert f"{hot}: за декабрь показаний ещё нет" in december
    assert f"{cold}: за январь показаний ещё нет" in january


@pytest.mark.parametrize(("day", "said"), [
    (date(2026, 10, 23), None),  # 61 days ahead: not yet
    (date(2026, 10, 24), "срок поверки истекает 23.12.2026."),
    (date(2026, 12, 23), "срок поверки истекает 23.12.2026."),
    (date(2026, 12, 24), "срок поверки истёк 23.12.2026, показания по нему не принимаются."),
    (date(2027, 1, 10), "срок поверки истёк 23.12.2026, показания по нему не принимаются."),
])
def test_a_verification_within_60_days_or_past_is_named_with_what_to_do(logged_in, account,
                                                                       day, said):
    meter = MeterFactory(account=account, water="hot", serial="3333",
                         verification_due=date(2026, 12, 23))

    todo = _todo(logged_in, day)

    if said is None:
        assert "поверк" not in todo
    else:
        assert f"{meter}: {said}" in todo
        assert "Сдайте счётчик на поверку или замените его" in todo


def test_the_debt_leads_with_pay(logged_in, account, cold):
    MonthlyBalance.objects.create(account=account, period=date(2026, 11, 1),
                                  opening=Decimal("0"), charged=Decimal("1250.4"),
                                  recalculated=Decimal("0"), paid=Decimal("0"),
                                  closing=Decimal("1250.4"))

    todo = _todo(logged_in, date(2026, 12, 2))

    assert todo.startswith("Что нужно сделать Задолженность по счёту — 1 250,40 ₽. Оплатить")
    assert _links(logged_in, date(2026, 12, 2))[0] == reverse("payments:pay")


def test_without_a_debt_nothing_asks_to_pay(logged_in, cold):
    assert "Задолженность" not in _todo(logged_in, date(2026, 12, 2))
    assert reverse("payments:pay") not in _links(logged_in, date(2026, 12, 2))


def test_a_building_with_a_communal_meter_sends_readings_to_its_company(logged_in, account,
                                                                         cold):
    account.building.has_communal_meter = True
    account.building.save()

    todo = _todo(logged_in, date(2026, 12, 20))

    assert "собирает" in todo
    assert "Показания принимаются" not in todo
