"""Readings a resident can trust: what no meter could show is refused outright, with a way
to write to staff; a high reading is confirmed by a box that appears only after its
warning, under that meter, for that very reading; the form lists the meters cold, then
hot, as the table does; a meter may be sent alone when its neighbour is broken."""

import re
from datetime import date
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.urls import reverse

from meters.models import Reading
from tests.conftest import PASSWORD
from tests.factories import BuildingFactory, MeterFactory, OrganisationFactory, UserFactory

IN_WINDOW = date(2026, 11, 20)
NOVEMBER = date(2026, 11, 1)

pytestmark = pytest.mark.usefixtures("sessions_outlast_travel")


@pytest.fixture
def account(owner):
    return owner.personal_accounts.get()


def _meter(account, water: str, serial: str, last: str = "120.500",
           period=date(2026, 10, 1)):
    meter = MeterFactory(account=account, water=water, serial=serial)
    Reading.objects.create(meter=meter, period=period, value=Decimal(last),
                           consumption=Decimal("6"))
    return meter


@pytest.fixture
def cold(account):
    return _meter(account, "cold", "1111")


@pytest.fixture
def hot(account):
    return _meter(account, "hot", "2222", last="50")


def _post(client, data):
    with time_machine.travel(IN_WINDOW, tick=False):
        return client.post(reverse("meters:meters"), data, follow=True).content.decode()


def _page(client):
    with time_machine.travel(IN_WINDOW, tick=False):
        return client.get(reverse("meters:meters")).content.decode()


def test_what_no_flats_meter_could_show_is_refused_even_confirmed(logged_in, cold):
    typed = "10 120,000"  # 120,5 + 9 999,5: a digit too many

    page = _post(logged_in, {f"meter_{cold.pk}": typed, f"confirm_{cold.pk}": "10120"})

    assert ("Это +9\xa0999,5 м³ — больше, чем счётчик квартиры может пропустить за 1 месяц "
            "(1\xa0000 м³). Проверьте показание; если оно верное, напишите нам, и сотрудник "
            "проверит счётчик.") in page
    assert not Reading.objects.filter(period=NOVEMBER).exists()
    assert "813" not in page  # no estimate of 813 095,65 ₽
    [link] = re.findall(r'href="(/cabinet/questions/\?[^"]+)"', page)
    asked = parse_qs(urlsplit(link.replace("&amp;", "&")).query)
    assert asked["topic"] == ["meters"]
    assert "Холодная вода № 1111" in asked["text"][0]
    question_form = logged_in.get(link.replace("&amp;", "&")).content.decode()
    assert "Холодная вода № 1111" in question_form
    assert '<option value="meters" selected>' in question_form


def test_a_flats_meter_read_months_ago_may_have_passed_more(logged_in, account):
    meter = _meter(account, "cold", "1111", last="100", period=date(2026, 7, 1))

    _post(logged_in, {f"meter_{meter.pk}": "1600", f"confirm_{meter.pk}": "1600"})

    assert Reading.objects.get(meter=meter, period=NOVEMBER).consumption == Decimal("1500")


def test_a_communal_meter_beyond_its_own_history_is_refused(db, client):
    company = OrganisationFactory(kind="management_company")
    user = UserFactory(password=PASSWORD, kind="management_company", organisation=company)
    building = BuildingFactory(management_company=company, has_communal_meter=True)
    communal = MeterFactory(account=None, building=building, serial="ODPU-1")
    for month in range(1, 11):
        Reading.objects.create(meter=communal, period=date(2026, month, 1),
                               value=Decimal(150 * month), consumption=Decimal(150))
    client.force_login(user)

    with time_machine.travel(IN_WINDOW, tick=False):
        page = client.post(reverse("cabinet"), {
            f"meter_{communal.pk}": "3500", f"confirm_{communal.pk}": "3500"}).content.decode()

    assert ("Это +2\xa0000 м³ — больше, чем 10 обычных месяцев этого счётчика (около "
            "150 м³ в месяц).") in page
    assert not Reading.objects.filter(meter=communal, period=NOVEMBER).exists()


def test_the_box_appears_only_after_the_warning_under_that_meter(logged_in, cold, hot):
    assert 'name="confirm_' not in _page(logged_in)

    page = _post(logged_in, {f"meter_{cold.pk}": "160", f"meter_{hot.pk}": "52"})

    assert f'name="confirm_{cold.pk}"' in page
    assert f'name="confirm_{hot.pk}"' not in page
    warned = page.index(f'id="id_meter_{cold.pk}"')
    box = page.index(f'name="confirm_{cold.pk}"')
    assert warned < box < page.index(f'id="id_meter_{hot.pk}"')  # under its meter
    assert "Я проверил(а): показание верное, хотя расход большой" in page
    assert not Reading.objects.filter(period=NOVEMBER).exists()


def test_the_box_confirms_that_very_reading_only(logged_in, cold):
    _post(logged_in, {f"meter_{cold.pk}": "160"})

    again = _post(logged_in, {f"meter_{cold.pk}": "170", f"confirm_{cold.pk}": "160"})

    assert "Это +49,5 м³ за месяц" in again  # another reading: asked about anew
    assert not Reading.objects.filter(period=NOVEMBER).exists()
    _post(logged_in, {f"meter_{cold.pk}": "170", f"confirm_{cold.pk}": "170"})
    reading = Reading.objects.get(period=NOVEMBER)
    assert (reading.value, reading.high_consumption) == (Decimal("170.000"), True)


def test_the_form_lists_cold_then_hot_whatever_order_they_were_made_in(logged_in, account):
    made = [_meter(account, water, serial) for water, serial in
            (("hot", "9001"), ("hot", "9000"), ("cold", "9003"), ("cold", "9002"))]

    page = _page(logged_in)

    start = page.index('id="readings-form"')
    form = page[start:page.index("</form>", start)]
    table = page[page.index('id="meters-title"'):]
    order = [f"№ {serial}" for serial in ("9002", "9003", "9000", "9001")]
    assert [form.index(label) for label in order] == sorted(form.index(label) for label in order)
    assert [table.index(label) for label in order] == sorted(
        table.index(label) for label in order)
    assert len(made) == 4


def test_one_meter_is_sent_alone_when_the_other_is_broken(logged_in, cold, hot):
    page = _post(logged_in, {f"meter_{cold.pk}": "125", f"meter_{hot.pk}": ""})

    assert "Обязательное поле" not in page
    assert list(Reading.objects.filter(period=NOVEMBER).values_list("meter", flat=True)) == [
        cold.pk]


def test_an_empty_form_asks_for_a_reading(logged_in, cold, hot):
    page = _post(logged_in, {f"meter_{cold.pk}": "", f"meter_{hot.pk}": ""})

    assert "Введите показание хотя бы одного счётчика." in page
    assert not Reading.objects.exists() or not Reading.objects.filter(period=NOVEMBER).exists()
