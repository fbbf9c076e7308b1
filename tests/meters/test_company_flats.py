"""A management company hands in its flats' readings (a building with a communal meter it
collects): flat by flat on its page, all at once as a CSV file taken whole or not at all
with every fault named by line and value, and through the API; by the resident's own
rules, and the resident sees them at once."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.services import access_token_issue
from meters.models import Reading
from tests.conftest import PASSWORD
from tests.factories import (
    BuildingFactory,
    ManagementCompanyUserFactory,
    MeterFactory,
    PersonalAccountFactory,
    UserFactory,
)

IN_WINDOW = date(2026, 11, 20)
NOVEMBER = date(2026, 11, 1)
HEADER = "account_number;flat;water;serial;previous;value;high_confirmed"

pytestmark = pytest.mark.usefixtures("sessions_outlast_travel")


@pytest.fixture
def company(db):
    return ManagementCompanyUserFactory()


@pytest.fixture
def building(company):
    return BuildingFactory(management_company=company.organisation, has_communal_meter=True,
                           address="г. Новосибирск, ул. Кирова, д. 27")


def _flat(building, number: str, flat: str, last=("120.500", "50.000")):
    """A registered flat with a cold and a hot meter, read in October."""
    resident = UserFactory(password=PASSWORD)
    account = PersonalAccountFactory(building=building, flat=flat, number=number, user=resident)
    for water, serial, value in (("cold", f"C{flat}", last[0]), ("hot", f"H{flat}", last[1])):
        meter = MeterFactory(account=account, water=water, serial=serial)
        Reading.objects.create(meter=meter, period=date(2026, 10, 1), value=Decimal(value),
                               consumption=Decimal("5"))
    return account


@pytest.fixture
def flats(building):
    return [_flat(building, "02-0271515", "15"), _flat(building, "02-0271516", "16")]


@pytest.fixture
def company_client(client, company):
    client.force_login(company)
    return client


def _at(client, method: str, url: str, data=None, **extra):
    with time_machine.travel(IN_WINDOW, tick=False):
        return getattr(client, method)(url, data, **extra)


def _meter(account, water: str):
    return account.meters.get(water=water)


def test_the_flats_page_has_each_flat_and_its_state(company_client, building, flats):
    Reading.objects.create(meter=_meter(flats[1], "cold"), period=NOVEMBER,
                           value=Decimal("125"), consumption=Decimal("4.5"))
    Reading.objects.create(meter=_meter(flats[1], "hot"), period=NOVEMBER,
                           value=Decimal("52"), consumption=Decimal("2"))

    page = _at(company_client, "get", reverse("meters:company_flats", args=[building.pk]))

    text = page.content.decode()
    fifteen, sixteen = text.index("Квартира 15"), text.index("Квартира 16")
    assert fifteen < text.index("не передано") < sixteen  # 15 not yet, 16 handed in
    assert "не передано" not in text[sixteen:]
    assert reverse("meters:company_flat", args=[building.pk, "02-0271515"]) in text


def test_a_flat_is_handed_in_by_the_residents_rules_and_the_resident_sees_it(
        company_client, building, flats):
    account = flats[0]
    url = reverse("meters:company_flat", args=[building.pk, account.number])
    resident = Client()
    resident.force_login(account.user)
    _at(resident, "get", reverse("meters:meters"))  # the resident's tab, cached

    refused = _at(company_client, "post", url, {f"meter_{_meter(account, 'cold').pk}": "100"})
    assert "не может быть меньше предыдущего" in refused.content.decode()
    high = _at(company_client, "post", url, {f"meter_{_meter(account, 'cold').pk}": "160"})
    assert f'name="confirm_{_meter(account, "cold").pk}"' in high.content.decode()
    done = _at(company_client, "post", url, {f"meter_{_meter(account, 'cold').pk}": "125,5",
                                             f"meter_{_meter(account, 'hot').pk}": "52"})

    assert done.status_code == 302
    cold = Reading.objects.get(meter=_meter(account, "cold"), period=NOVEMBER)
    assert (cold.value, cold.source) == (Decimal("125.500"), "management_company")
    assert "125,500\xa0м³" in _at(resident, "get", reverse("meters:meters")).content.decode()


def test_another_companys_flat_or_one_it_does_not_collect_is_a_404(company_client, building,
                                                                   company):
    theirs = BuildingFactory(management_company=ManagementCompanyUserFactory().organisation,
                             has_communal_meter=True)
    uncollected = BuildingFactory(management_company=company.organisation,
                                  has_communal_meter=False)
    for other in (theirs, uncollected):
        account = _flat(other, f"02-{other.pk:07}", "1")
        url = reverse("meters:company_flat", args=[other.pk, account.number])
        assert _at(company_client, "get", url).status_code == 404
    stranger = _flat(theirs, "02-9999999", "9")
    url = reverse("meters:company_flat", args=[building.pk, stranger.number])
    assert _at(company_client, "get", url).status_code == 404  # named in the wrong building


def test_the_form_to_fill_has_a_line_a_meter(company_client, building, flats):
    response = _at(company_client, "get",
                   reverse("meters:company_flats_form", args=[building.pk]))

    lines = response.content.decode("utf-8-sig").splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert lines == [HEADER, "02-0271515;15;cold;C15;120.500;;", "02-0271515;15;hot;H15;50.000;;",
                     "02-0271516;16;cold;C16;120.500;;", "02-0271516;16;hot;H16;50.000;;"]


def _upload(client, building, text: str, encoding="utf-8"):
    upload = io.BytesIO(text.encode(encoding))
    upload.name = "readings.csv"
    return _at(client, "post", reverse("meters:company_flats", args=[building.pk]),
               {"file": upload})


def test_the_filled_form_is_taken_whole(company_client, building, flats):
    text = "\n".join([HEADER, "02-0271515;15;cold;C15;120.500;126,5;",
                      "02-0271515;15;hot;H15;50.000;;",  # not read this month
                      "02 0271516;16;cold;C16;120.500;160;1",  # high, and checked
                      "02-0271516;16;hot;H16;50.000;51.25;"])

    response = _upload(company_client, building, text, encoding="cp1251")

    assert response.status_code == 302
    saved = dict(Reading.objects.filter(period=NOVEMBER).values_list("meter__serial", "value"))
    assert saved == {"C15": Decimal("126.500"), "C16": Decimal("160.000"),
                     "H16": Decimal("51.250")}
    assert Reading.objects.get(meter__serial="C16", period=NOVEMBER).high_consumption


def test_a_file_with_faults_is_refused_with_each_named_by_line_and_value(company_client,
                                                                         building, flats):
    text = "\n".join([HEADER, "02-0271515;15;cold;C15;120.500;126,5;",
                      "02-7777777;15;cold;C15;120.500;1;",  # 3: another flat
                      "02-0271515;15;hot;X99;50.000;51;",  # 4: no such meter
                      "02-0271516;16;cold;C16;120.500;сто;",  # 5: not a number
                      "02-0271516;16;hot;H16;50.000;49;",  # 6: below the previous
                      "02-0271515;15;cold;C15;120.500;127;",  # 7: the same meter again
                      "02-0271516;16;cold;C16;120.500;;может"])  # 8: a bad tick

    response = _upload(company_client, building, text)

    page = response.content.decode()
    assert response.status_code == 400
    for said in ("строка 3, account_number: «02-7777777»",
                 "строка 4, serial: «X99»: у лицевого счёта 02-0271515 нет такого счётчика",
                 "строка 5, value: «сто»: не число",
                 "строка 6, value: «49,000»: Показание не может быть меньше предыдущего",
                 "строка 7, serial: «C15»: этот счётчик есть и в строке выше",
                 "строка 8, high_confirmed: «может»"):
        assert said in page, said
    assert not Reading.objects.filter(period=NOVEMBER).exists()


def test_a_high_reading_in_the_file_needs_its_tick(company_client, building, flats):
    text = "\n".join([HEADER, "02-0271515;15;cold;C15;120.500;160;"])

    page = _upload(company_client, building, text).content.decode()

    assert ("строка 2, value: «160,000»: Это +39,5 м³ за месяц при обычных примерно 5 м³ в "
            "месяц. Если показание верное, поставьте 1 в high_confirmed.") in page
    assert not Reading.objects.exists() or not Reading.objects.filter(period=NOVEMBER).exists()


def test_a_file_with_another_header_is_refused(company_client, building, flats):
    page = _upload(company_client, building, "номер;показание\n02-0271515;1").content.decode()

    assert f"строка 1: заголовок должен быть таким: {HEADER}" in page


@pytest.fixture
def token(company):
    return access_token_issue(user=company, name="1C", scopes=["read", "readings"],
                              days=30).plain


def _api(token, method, url, body=None):
    with time_machine.travel(IN_WINDOW, tick=False):
        extra = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
        if body is None:
            return Client().get(url, **extra)
        return Client().post(url, json.dumps(body), content_type="application/json",
                             HTTP_IDEMPOTENCY_KEY="flat-000001", **extra)


def test_the_api_lists_the_flats_and_takes_a_flats_readings(token, flats):
    listed = _api(token, "get", reverse("api:flats")).json()
    cold = _meter(flats[0], "cold")

    sent = _api(token, "post", reverse("api:flat_readings", args=[flats[0].number]),
                {"readings": [{"meter": cold.pk, "value": "126.5"}]})

    assert [(flat["number"], flat["flat"]) for flat in listed["flats"]] == [
        ("02-0271515", "15"), ("02-0271516", "16")]
    assert sent.status_code == 201
    assert sent.json()["readings"] == [{"meter": cold.pk, "value": "126.500",
                                        "consumption": "6.000", "high_consumption": False}]
    assert Reading.objects.get(meter=cold, period=NOVEMBER).source == "management_company"


def test_the_api_refuses_by_the_same_rules_and_knows_no_other_flat(token, flats, building):
    cold = _meter(flats[0], "cold")
    lower = _api(token, "post", reverse("api:flat_readings", args=[flats[0].number]),
                 {"readings": [{"meter": cold.pk, "value": "100"}]})
    stranger = _flat(BuildingFactory(has_communal_meter=True), "02-5555555", "5")

    other = _api(token, "post", reverse("api:flat_readings", args=[stranger.number]),
                 {"readings": [{"meter": _meter(stranger, "cold").pk, "value": "130"}]})

    assert lower.status_code == 422
    assert "не может быть меньше предыдущего" in str(lower.json()["errors"])
    assert other.status_code == 404
    assert not Reading.objects.filter(period=NOVEMBER).exists()
