"""A management company's cabinet: its buildings, their communal meters, the flats it reads for."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from billing.periods import add_months
from meters.models import Meter, Reading
from meters.selectors import meter_states
from meters.services import communal_readings_submit
from tests.factories import (
    BuildingFactory,
    ManagementCompanyUserFactory,
    MeterFactory,
    PersonalAccountFactory,
)
from vodokanal import demo

IN_WINDOW = date(2026, 11, 20)


@pytest.fixture
def company(db):
    return ManagementCompanyUserFactory()


@pytest.fixture
def building(company):
    building = BuildingFactory(management_company=company.organisation, has_communal_meter=True,
                               address="г. Новосибирск, ул. Кирова, д. 27")
    PersonalAccountFactory(building=building, flat="15", number="02-0271515")
    return building


@pytest.fixture
def communal(building):
    return MeterFactory(account=None, building=building, initial_reading=Decimal("5000"))


@pytest.fixture
def logged_in(client, company):
    client.force_login(company)
    return client


def _post(client, data):
    with time_machine.travel(IN_WINDOW, tick=False):
        return client.post(reverse("cabinet"), data)


def test_the_cabinet_lists_the_companys_buildings_and_communal_meters(logged_in, building,
                                                                      communal):
    BuildingFactory(address="г. Новосибирск, ул. Чужая, д. 1")

    with time_machine.travel(IN_WINDOW, tick=False):
        page = logged_in.get(reverse("cabinet")).content.decode()

    assert "ул. Кирова, д. 27" in page
    assert "ул. Чужая" not in page
    assert f"ул. Кирова, д. 27: Холодная вода № {communal.serial}" in page


def test_without_communal_meters_the_cabinet_says_so_and_shows_no_empty_table(logged_in,
                                                                             building):
    page = logged_in.get(reverse("cabinet")).content.decode()

    assert "Общедомовые приборы учёта не зарегистрированы" in page
    assert "Поверка" not in page


def _a_year_of(meter, *, monthly: Decimal) -> None:
    """A reading a month for the twelve months before November 2026."""
    for months_back in range(12, 0, -1):
        Reading.objects.create(meter=meter, period=add_months(date(2026, 11, 1), -months_back),
                               value=meter.initial_reading + monthly * (13 - months_back),
                               consumption=monthly)


def test_the_company_submits_communal_readings_with_the_same_checks(logged_in, communal):
    _a_year_of(communal, monthly=Decimal(150))  # last read at 6800
    refused = _post(logged_in, {f"meter_{communal.pk}": "6799"})
    assert "не может быть меньше предыдущего" in refused.content.decode()

    refused = _post(logged_in, {f"meter_{communal.pk}": "7200"})
    assert "Это +400 м³ за месяц при обычных примерно 150 м³ в месяц." in (
        refused.content.decode())
    _post(logged_in, {f"meter_{communal.pk}": "7200", f"confirm_{communal.pk}": "7200"})

    reading = Reading.objects.get(meter=communal, period=date(2026, 11, 1))
    assert (reading.consumption, reading.source, reading.high_consumption) == (
        Decimal("400.000"), "management_company", True)


def test_a_normal_month_of_a_building_needs_no_confirmation(logged_in, communal):
    """A building uses hundreds of m³; its meter is measured against its own history,
    not against a flat's limit."""
    _a_year_of(communal, monthly=Decimal(150))

    _post(logged_in, {f"meter_{communal.pk}": "6960"})

    reading = Reading.objects.get(meter=communal, period=date(2026, 11, 1))
    assert (reading.consumption, reading.high_consumption) == (Decimal("160.000"), False)


def test_the_demo_buildings_meter_takes_a_normal_month_unflagged(db, client):
    """The demo city's building with a communal meter, as its company meets it."""
    with time_machine.travel(IN_WINDOW, tick=False):
        demo.build(today=IN_WINDOW)
    meter = Meter.objects.get(building__isnull=False, external_id__endswith="-communal",
                              building__management_company__access_code="UK-200245")
    last = meter.readings.order_by("-period").first()
    usual = (sum(meter.readings.values_list("consumption", flat=True)) / 12).quantize(
        Decimal("0.001"))
    client.force_login(meter.building.management_company.user)

    _post(client, {f"meter_{meter.pk}": str(last.value + usual)})

    reading = meter.readings.get(period=date(2026, 11, 1))
    assert not reading.high_consumption


def test_another_companys_meter_is_not_reachable(logged_in, communal):
    foreign = MeterFactory(account=None, building=BuildingFactory(has_communal_meter=True))

    _post(logged_in, {f"meter_{communal.pk}": "5001", f"meter_{foreign.pk}": "1"})

    assert not Reading.objects.filter(meter=foreign).exists()


def test_the_service_refuses_another_companys_meter(company, communal):
    foreign = MeterFactory(account=None, building=BuildingFactory(has_communal_meter=True))
    states = meter_states(meters=Meter.objects.filter(pk=foreign.pk), period=date(2026, 11, 1))

    with pytest.raises(ValueError, match="not the submitter's"):
        communal_readings_submit(organisation=company.organisation, user=company,
                                 states=states, values={foreign.pk: Decimal(1)},
                                 confirmed={foreign.pk}, today=IN_WINDOW)


def test_the_flats_it_passes_readings_on_for(logged_in, building):
    page = logged_in.get(reverse("meters:company_flats", kwargs={"pk": building.pk}))

    assert "02-0271515" in page.content.decode()


def test_another_companys_building_is_a_404(logged_in, db):
    other = BuildingFactory(management_company=ManagementCompanyUserFactory().organisation)

    response = logged_in.get(reverse("meters:company_flats", kwargs={"pk": other.pk}))

    assert response.status_code == 404


def test_residents_do_not_open_it(client, owner, building):
    client.force_login(owner)

    response = client.get(reverse("meters:company_flats", kwargs={"pk": building.pk}))

    assert response["Location"] == reverse("cabinet")
