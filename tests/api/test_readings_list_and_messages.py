"""GET …/readings/ lists an account's readings, a page at a time, by meter and months;
readings are read as the site reads them ("1,5" too); every message the API sends is
written out (no "{method}" left in it) and gives volumes as the site does."""

import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.services import access_token_issue
from meters.models import Reading
from tests.factories import MeterFactory

IN_THE_WINDOW = date(2026, 11, 20)


@pytest.fixture
def account(owner):
    return owner.personal_accounts.get()


@pytest.fixture
def meters(account):
    cold = MeterFactory(account=account, water="cold", serial="1111",
                        initial_reading=Decimal("100"))
    hot = MeterFactory(account=account, water="hot", serial="2222", initial_reading=Decimal("0"))
    for month in range(1, 11):
        for meter, step in ((cold, 5), (hot, 2)):
            Reading.objects.create(meter=meter, period=date(2026, month, 1),
                                   value=meter.initial_reading + step * month,
                                   consumption=Decimal(step))
    return cold, hot


def _token(owner, scopes=("read", "readings")) -> str:
    return access_token_issue(user=owner, name="t", scopes=list(scopes), days=30).plain


def _get(token, url, **params):
    return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_the_readings_newest_first_by_meter_and_months(owner, account, meters):
    cold, _hot = meters
    url = reverse("api:readings", args=[account.number])
    token = _token(owner, scopes=["read"])  # reading them takes the read scope only

    everything = _get(token, url).json()
    some = _get(token, url, meter=cold.pk, since="2026-03", until="2026-05").json()

    assert (everything["count"], everything["pages"]) == (20, 1)
    assert [(r["period"], r["meter"]) for r in everything["readings"][:2]] == [
        ("2026-10-01", cold.pk), ("2026-10-01", cold.pk + 1)]
    assert [(r["period"], r["value"], r["consumption"], r["source"])
            for r in some["readings"]] == [
        ("2026-05-01", "125.000", "5.000", "portal"), ("2026-04-01", "120.000", "5.000", "portal"),
        ("2026-03-01", "115.000", "5.000", "portal")]


def test_a_hundred_a_page(owner, account, meters, monkeypatch):
    monkeypatch.setattr("vodokanal.api.views.READINGS_PAGE", 8)
    url = reverse("api:readings", args=[account.number])
    token = _token(owner)

    pages = [_get(token, url, page=page).json() for page in (1, 3, 4)]

    assert [len(page["readings"]) for page in pages] == [8, 4, 0]
    assert {page["pages"] for page in pages} == {3}


@pytest.mark.parametrize("query", [{"since": "2026-13"}, {"page": "0"}, {"meter": "x"}])
def test_a_bad_query_is_a_400_problem(owner, account, meters, query):
    response = _get(_token(owner), reverse("api:readings", args=[account.number]), **query)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_another_logins_readings_are_a_404(owner, neighbour, meters):
    number = neighbour.personal_accounts.get().number

    assert _get(_token(owner), reverse("api:readings", args=[number])).status_code == 404


def _send(owner, account, readings, key="key-00000001"):
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        return Client().post(reverse("api:readings", args=[account.number]),
                             json.dumps({"readings": readings}),
                             content_type="application/json", HTTP_IDEMPOTENCY_KEY=key,
                             HTTP_AUTHORIZATION=f"Bearer {_token(owner)}")


@pytest.mark.parametrize(("typed", "saved"), [("1151,5", "1151.500"), ("1151.5", "1151.500"),
                                             ("1 151,25", "1151.250"), (1151.25, "1151.250")])
def test_a_decimal_comma_is_read_as_on_the_site(owner, account, typed, saved):
    meter = MeterFactory(account=account, initial_reading=Decimal("1150"))

    response = _send(owner, account, [{"meter": meter.pk, "value": typed}])

    assert response.status_code == 201, response.json()
    assert Reading.objects.get(meter=meter).value == Decimal(saved)


def test_what_is_no_number_gets_the_forms_message(owner, account):
    meter = MeterFactory(account=account, initial_reading=Decimal("150"))

    response = _send(owner, account, [{"meter": meter.pk, "value": "сто"}])

    assert response.status_code == 400
    assert response.json()["errors"]["readings"]["0"]["value"] == [
        "Введите число, например 1 234,56."]


def test_volumes_in_messages_are_written_as_on_the_site(owner, account):
    meter = MeterFactory(account=account, initial_reading=Decimal("1234.5"))

    response = _send(owner, account, [{"meter": meter.pk, "value": "1000"}])

    assert response.json()["errors"]["readings"][str(meter.pk)] == [
        "Показание не может быть меньше предыдущего, 1\xa0234,500 м³."]


@pytest.mark.parametrize("method", ["delete", "put", "patch"])
def test_a_method_not_allowed_says_which_in_words(owner, account, method):
    response = getattr(Client(), method)(reverse("api:readings", args=[account.number]),
                                         HTTP_AUTHORIZATION=f"Bearer {_token(owner)}")

    assert response.status_code == 405
    assert response.json()["title"] == f'Метод "{method.upper()}" не разрешен.'
