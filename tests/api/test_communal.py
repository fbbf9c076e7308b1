"""A management company's token: its communal meters and their readings, through the same
service and rules as its page; nobody else's meters, and no other login's token."""

import json
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.services import access_token_issue
from meters.models import Reading
from tests.factories import BuildingFactory, ManagementCompanyUserFactory, MeterFactory
from vodokanal.models import AuditEntry

IN_WINDOW = date(2026, 11, 20)


@pytest.fixture
def company(db):
    user = ManagementCompanyUserFactory()
    building = BuildingFactory(management_company=user.organisation, has_communal_meter=True,
                               address="г. Новосибирск, ул. Кирова, д. 27")
    meter = MeterFactory(account=None, building=building, initial_reading=Decimal("5000"))
    token = access_token_issue(user=user, name="dispatch", scopes=["read", "readings"],
                               days=30)
    return meter, token


def _get(token, url):
    with time_machine.travel(IN_WINDOW, tick=False):
        return Client().get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


def _post(token, readings, key="communal-0001"):
    with time_machine.travel(IN_WINDOW, tick=False):
        return Client().post(reverse("api:communal_readings"), json.dumps({"readings": readings}),
                             content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY=key)


def test_the_company_lists_and_reads_its_communal_meters(company):
    meter, token = company

    data = _get(token.plain, reverse("api:communal_meters")).json()
    response = _post(token.plain, [{"meter": meter.pk, "value": "5400"}])

    assert [(m["id"], m["building"]) for m in data["meters"]] == [
        (meter.pk, "г. Новосибирск, ул. Кирова, д. 27")]
    assert response.status_code == 201
    reading = Reading.objects.get(meter=meter)
    assert (reading.value, reading.source) == (Decimal("5400.000"), "management_company")
    entry = AuditEntry.objects.get(action="meters.readings_submitted")
    assert entry.data["via"] == f"token:{token.token.pk}"


def test_another_companys_meter_is_refused(company):
    _meter, token = company
    stranger = MeterFactory(account=None, building=BuildingFactory(
        management_company=ManagementCompanyUserFactory().organisation))

    response = _post(token.plain, [{"meter": stranger.pk, "value": "1"}])

    assert response.status_code == 422
    assert not Reading.objects.exists()


def test_a_residents_token_has_no_communal_meters(owner):
    plain = access_token_issue(user=owner, name="mine", scopes=["read", "readings"],
                               days=30).plain

    assert _get(plain, reverse("api:communal_meters")).status_code == 404
    assert _post(plain, [{"meter": 1, "value": "1"}]).status_code == 404
