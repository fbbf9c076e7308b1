"""The public offices page: the nearest office to an address typed, or to the browser's
position (sent only after a click), with the distance."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from support.models import Office
from tests.factories import BuildingFactory


@pytest.fixture
def offices(db):
    centre = Office.objects.create(name="Центральное", address="Красный проспект, 1",
                                   latitude=Decimal("55.030"), longitude=Decimal("82.920"),
                                   phone="290-72-90")
    left_bank = Office.objects.create(name="Левобережное", address="ул. Станиславского, 2",
                                      latitude=Decimal("54.980"), longitude=Decimal("82.860"),
                                      phone="290-72-91")
    BuildingFactory(address="г. Новосибирск, ул. Ленина, д. 12", latitude=Decimal("55.031"),
                    longitude=Decimal("82.915"))
    BuildingFactory(address="г. Новосибирск, ул. Станиславского, д. 4",
                    latitude=Decimal("54.981"), longitude=Decimal("82.861"))
    return centre, left_bank


def _names_and_distances(page: str) -> list[tuple[str, str]]:
    return re.findall(r"<h2>([^<]+)</h2>\s*<p class=\"hint\">([0-9,]+) км", page)


@pytest.mark.parametrize(("typed", "nearest"), [
    ("Ленина 12", "Центральное"), ("ул. Ленина, д. 12", "Центральное"),
    ("станиславского 4", "Левобережное")])
def test_the_nearest_office_to_a_typed_address_comes_first_with_its_distance(
        client, offices, typed, nearest):
    page = client.get(reverse("support:offices"), {"address": typed}).content.decode()

    found = _names_and_distances(page)
    assert found[0][0] == nearest
    assert len(found) == 2
    assert float(found[0][1].replace(",", ".")) < float(found[1][1].replace(",", "."))
    assert "Ближайшее" in page


def test_the_browsers_position_sorts_the_offices(client, offices):
    page = client.get(reverse("support:offices"), {"lat": "54.99", "lon": "82.87"}
                      ).content.decode()

    assert [name for name, _km in _names_and_distances(page)] == ["Левобережное",
                                                                  "Центральное"]


def test_an_address_not_in_the_register_gets_a_message(client, offices):
    page = client.get(reverse("support:offices"), {"address": "ул. Несуществующая 1"}
                      ).content.decode()

    assert "Такого адреса нет в реестре" in page
    assert _names_and_distances(page) == []


@pytest.mark.parametrize("params", [{"lat": "abc", "lon": "82"}, {"lat": "95", "lon": "82"},
                                    {"address": "x" * 500}])
def test_nonsense_is_no_error(client, offices, params):
    response = client.get(reverse("support:offices"), params)

    assert response.status_code == 200
    assert "Центральное" in response.content.decode()


def test_the_position_is_asked_for_only_on_a_click(client, offices):
    page = client.get(reverse("support:offices")).content.decode()

    assert re.search(r'<button type="button"[^>]*id="office-here" hidden>', page)
    assert "offices.js" in page  # it shows the button and asks only when it is clicked
