"""Submitting readings: the window, the checks, the estimate, one reading per meter and month."""

import re
import threading
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from billing.models import Tariff
from meters.models import Meter, Reading, ReadingRules
from meters.selectors import account_meter_states, account_meters, meter_states
from meters.services import readings_submit
from tests.factories import MeterFactory

IN_WINDOW = date(2026, 11, 20)
NOVEMBER = date(2026, 11, 1)


pytestmark = pytest.mark.usefixtures("sessions_outlast_travel")


@pytest.fixture(autouse=True)
def _tariffs(db):
    for service, price in (("cold_water", "45.01"), ("sewerage", "36.30")):
        Tariff.objects.create(service=service, category="apartment", price=Decimal(price),
                              valid_from=date(2026, 7, 1))


@pytest.fixture
def account(owner):
    return owner.personal_accounts.get()


@pytest.fixture
def cold(account):
    meter = MeterFactory(account=account, water="cold")
    Reading.objects.create(meter=meter, period=date(2026, 10, 1), value=Decimal("120.500"),
                           consumption=Decimal("6"))
    return meter


@pytest.fixture
def hot(account):
    return MeterFactory(account=account, water="hot", initial_reading=Decimal("50"))


def _post(client, data, day=IN_WINDOW):
    """The submission and, once accepted, the tab it leads back to."""
    with time_machine.travel(day, tick=False):
        return client.post(reverse("meters:meters"), data, follow=True)


def _meters_tab(client, day=IN_WINDOW):
    with time_machine.travel(day, tick=False):
        return client.get(reverse("meters:meters")).content.decode()


def test_readings_are_accepted_with_the_estimate_and_its_formula(logged_in, cold, hot):
    response = _post(logged_in, {f"meter_{cold.pk}": "128.500", f"meter_{hot.pk}": "54"})

    page = response.content.decode()
    assert "Показания за ноябрь 2026 приняты" in page
    assert "Предварительный расчёт за ноябрь 2026" in page
    assert "8,000\xa0м³ × 45,01\xa0₽ = 360,08\xa0₽" in page
    assert "(8,000\xa0м³ + 4,000\xa0м³) × 36,30\xa0₽ = 435,60\xa0₽" in page
    assert "795,68\xa0₽" in page
    assert Reading.objects.get(meter=cold, period=NOVEMBER).consumption == Decimal("8.000")
    assert Reading.objects.get(meter=hot, period=NOVEMBER).consumption == Decimal("4.000")


def test_the_estimate_is_at_the_tariffs_in_force_on_the_day(logged_in, cold, hot):
    for valid_from, cold_price in ((date(2026, 1, 1), "40.00"), (date(2026, 12, 1), "50.00")):
        Tariff.objects.create(service="cold_water", category="apartment",
                              price=Decimal(cold_price), valid_from=valid_from)

    page = _post(logged_in, {f"meter_{cold.pk}": "128.500",
                             f"meter_{hot.pk}": "54"}).content.decode()

    assert "8,000\xa0м³ × 45,01\xa0₽ = 360,08\xa0₽" in page


def test_a_tariff_staff_add_counts_in_the_next_estimate(logged_in, cold, hot):
    data = {f"meter_{cold.pk}": "128.500", f"meter_{hot.pk}": "54"}
    _post(logged_in, data)  # the Meters tab is now cached with these tariffs

    Tariff.objects.create(service="cold_water", category="apartment", price=Decimal("47.00"),
                          valid_from=date(2026, 11, 1))

    assert "8,000\xa0м³ × 47,00\xa0₽ = 376,00\xa0₽" in _post(logged_in, data).content.decode()


def test_an_accepted_submission_leads_back_to_the_tab_so_a_reload_sends_nothing(logged_in,
                                                                                cold, hot):
    with time_machine.travel(IN_WINDOW, tick=False):
        response = logged_in.post(reverse("meters:meters"),
                                  {f"meter_{cold.pk}": "128.500", f"meter_{hot.pk}": "54"})

    assert response.status_code == 302
    assert response["Location"] == reverse("meters:meters")


def test_the_tab_keeps_showing_this_months_estimate_and_its_tariff(logged_in, cold, hot):
    _post(logged_in, {f"meter_{cold.pk}": "128.500", f"meter_{hot.pk}": "54"})
    assert "8,000\xa0м³ × 45,01\xa0₽ = 360,08\xa0₽" in _meters_tab(logged_in)  # now cached

    Tariff.objects.create(service="cold_water", category="apartment", price=Decimal("47.00"),
                          valid_from=date(2026, 11, 1))

    assert "8,000\xa0м³ × 47,00\xa0₽ = 376,00\xa0₽" in _meters_tab(logged_in)


def test_before_any_reading_this_month_the_tab_shows_no_estimate(logged_in, cold, hot):
    assert "Предварительный расчёт" not in _meters_tab(logged_in)


def test_a_second_submit_in_the_window_corrects_the_first(logged_in, cold, hot):
    _post(logged_in, {f"meter_{cold.pk}": "128.500", f"meter_{hot.pk}": "54"})

    _post(logged_in, {f"meter_{cold.pk}": "127", f"meter_{hot.pk}": "54"})

    [reading] = Reading.objects.filter(meter=cold, period=NOVEMBER)
    assert reading.value == Decimal("127.000")


def _late_readings(accepted: bool) -> None:
    ReadingRules.objects.update_or_create(pk=1, defaults={"late_readings_accepted": accepted})


@pytest.mark.parametrize(("day", "next_window"), [
    (date(2026, 11, 10), "с 15 ноября по 25 ноября"),
    (date(2026, 11, 26), "с 15 декабря по 25 декабря"),
])
def test_with_late_readings_off_nothing_is_taken_outside_the_window(logged_in, cold, day,
                                                                     next_window):
    _late_readings(False)

    response = _post(logged_in, {f"meter_{cold.pk}": "130"}, day=day)

    assert next_window in response.content.decode()
    assert not Reading.objects.filter(value=Decimal("130")).exists()


@pytest.mark.parametrize(("last_day", "first_late_day", "month", "next_month"), [
    (date(2026, 11, 25), date(2026, 11, 26), "ноябрь 2026", date(2026, 12, 1)),
    (date(2026, 12, 25), date(2026, 12, 26), "декабрь 2026", date(2027, 1, 1)),
])
def test_the_25th_is_this_months_and_the_26th_the_next_months(logged_in, cold, last_day,
                                                              first_late_day, month,
                                                              next_month):
    before = _meters_tab(logged_in, day=last_day)
    assert f"Показания за {month}, до 25" in before

    page = _meters_tab(logged_in, day=first_late_day)
    named = {11: "декабрь 2026", 12: "январь 2027"}[last_day.month]
    assert f"Показания, переданные сейчас, будут учтены за {named}" in page
    _post(logged_in, {f"meter_{cold.pk}": "130"}, day=first_late_day)

    reading = Reading.objects.get(meter=cold, value=Decimal("130"))
    assert reading.period == next_month
    after = _meters_tab(logged_in, day=first_late_day)
    assert f"Показания за {named} приняты" in after


def test_a_second_late_submit_corrects_the_first(logged_in, cold):
    _post(logged_in, {f"meter_{cold.pk}": "130"}, day=date(2026, 12, 27))
    _post(logged_in, {f"meter_{cold.pk}": "131,5"}, day=date(2027, 1, 3))

    [reading] = Reading.objects.filter(meter=cold, period=date(2027, 1, 1))
    assert reading.value == Decimal("131.500")
    assert reading.consumption == Decimal("11.000")  # from October's 120.5: none in between


def test_the_export_puts_a_late_reading_in_its_month(logged_in, cold, tmp_path):
    _post(logged_in, {f"meter_{cold.pk}": "130"}, day=date(2026, 12, 26))

    for month, expected in (("2026-12", 0), ("2027-01", 1)):
        path = tmp_path / f"{month}.csv"
        call_command("meters_export", "--period", month, "--output", str(path))
        lines = path.read_text(encoding="utf-8").splitlines()[1:]
        assert len(lines) == expected
        assert all(f";{month};130.000;" in line for line in lines)


def test_staff_move_the_window(logged_in, cold):
    _late_readings(False)
    _post(logged_in, {f"meter_{cold.pk}": "130"}, day=date(2026, 11, 7))  # rules now cached
    assert not Reading.objects.filter(meter=cold, period=NOVEMBER).exists()

    ReadingRules.objects.update_or_create(pk=1, defaults={"opens_on_day": 5,
                                                          "closes_on_day": 10})
    _post(logged_in, {f"meter_{cold.pk}": "130"}, day=date(2026, 11, 7))

    assert Reading.objects.filter(meter=cold, period=NOVEMBER).exists()


def test_a_lower_reading_is_refused_and_nothing_is_saved(logged_in, cold, hot):
    response = _post(logged_in, {f"meter_{cold.pk}": "119", f"meter_{hot.pk}": "54"})

    assert "не может быть меньше предыдущего, 120,500" in response.content.decode()
    assert not Reading.objects.filter(period=NOVEMBER).exists()


def test_after_a_replacement_the_new_meter_counts_from_its_initial_reading(logged_in, cold):
    cold.removed_on = date(2026, 11, 3)
    cold.save()
    new = MeterFactory(account=cold.account, water="cold", initial_reading=Decimal("0.5"))

    _post(logged_in, {f"meter_{new.pk}": "2"})

    assert Reading.objects.get(meter=new).consumption == Decimal("1.500")


def test_no_confirmation_is_offered_before_a_warning(logged_in, cold):
    page = _page(logged_in)

    assert "хотя расход большой" not in page
    assert 'name="confirm_' not in page


def test_each_field_is_described_by_its_help_text(logged_in, cold, hot):
    """Django points a field's aria-describedby at "<id>_helptext": the previous reading
    must be there for a screen reader to say it."""
    page = _page(logged_in)
    described_by = re.findall(r'aria-describedby="([^"]+)"', page)

    assert len(described_by) == 2
    for element_id in described_by:
        assert f'id="{element_id}"' in page


def test_high_consumption_needs_a_confirmation_and_is_flagged(logged_in, cold):
    refused = _post(logged_in, {f"meter_{cold.pk}": "160"})

    assert ("Это +39,5 м³ за месяц при обычных примерно 6 м³ в месяц. Проверьте число; "
            "если оно верное, отметьте поле под ним и отправьте ещё раз."
            ) in refused.content.decode()
    assert not Reading.objects.filter(period=NOVEMBER).exists()

    _post(logged_in, {f"meter_{cold.pk}": "160", f"confirm_{cold.pk}": "160"})

    assert Reading.objects.get(period=NOVEMBER).high_consumption


def test_a_meter_past_verification_takes_no_reading(logged_in, cold, hot):
    hot.verification_due = date(2026, 11, 1)
    hot.save()

    with time_machine.travel(IN_WINDOW, tick=False):
        page = logged_in.get(reverse("meters:meters")).content.decode()
    _post(logged_in, {f"meter_{cold.pk}": "125", f"meter_{hot.pk}": "54"})

    assert "срок поверки истёк 01.11.2026" in page
    assert f'name="meter_{hot.pk}"' not in page
    assert list(Reading.objects.filter(period=NOVEMBER).values_list("meter", flat=True)) == [
        cold.pk]


def test_a_building_with_a_communal_meter_sends_people_to_its_company(logged_in, account, cold):
    building = account.building
    building.has_communal_meter = True
    building.save()

    response = _post(logged_in, {f"meter_{cold.pk}": "125"})

    assert "Показания передаются в управляющую компанию" in response.content.decode()
    assert not Reading.objects.filter(period=NOVEMBER).exists()


def test_a_neighbours_meter_in_the_form_is_ignored(logged_in, cold, neighbour):
    theirs = MeterFactory(account=neighbour.personal_accounts.get())

    _post(logged_in, {f"meter_{cold.pk}": "125", f"meter_{theirs.pk}": "999"})

    assert not Reading.objects.filter(meter=theirs).exists()


def test_bad_input_gets_a_message_not_an_error(logged_in, cold):
    response = _post(logged_in, {f"meter_{cold.pk}": "сто двадцать"})

    assert response.status_code == 200
    assert "Введите число" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_once_leave_one_reading(owner, transactional_db):
    account = owner.personal_accounts.get()
    meter = MeterFactory(account=account)
    barrier, errors = threading.Barrier(2), []

    def submit(value):
        try:
            barrier.wait()
            with time_machine.travel(IN_WINDOW, tick=False):
                states = meter_states(meters=account_meters(account=account), period=NOVEMBER)
                readings_submit(account=account, user=owner, states=states,
                                values={meter.pk: Decimal(value)}, confirmed={meter.pk},
                                today=IN_WINDOW)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(v,)) for v in ("10", "11")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    reading = Reading.objects.get(meter=meter, period=NOVEMBER)
    assert reading.value in {Decimal(10), Decimal(11)}
    assert reading.consumption == reading.value - meter.initial_reading


def test_the_service_refuses_states_of_another_subscriber(owner, account, neighbour):
    """The view reads the states from the account; a slip elsewhere must not save them."""
    meter = MeterFactory(account=neighbour.personal_accounts.get())
    theirs = meter_states(meters=Meter.objects.filter(pk=meter.pk), period=NOVEMBER)

    with pytest.raises(ValueError, match="not the submitter's"):
        readings_submit(account=account, user=owner, states=theirs,
                        values={meter.pk: Decimal(500)}, confirmed={meter.pk}, today=IN_WINDOW)

    assert not Reading.objects.filter(meter=meter).exists()


def test_the_meters_page_takes_few_queries(logged_in, account, cold, hot,
                                           django_assert_max_num_queries):
    for month in range(1, 10):
        Reading.objects.create(meter=hot, period=date(2026, month, 1), value=50 + month,
                               consumption=1)

    with time_machine.travel(IN_WINDOW, tick=False), django_assert_max_num_queries(12):
        assert logged_in.get(reverse("meters:meters")).status_code == 200


def test_history_compares_with_a_year_before(logged_in, cold):
    Reading.objects.create(meter=cold, period=date(2025, 10, 1), value=Decimal("50"),
                           consumption=Decimal("4.5"))

    page = logged_in.get(reverse("meters:history", kwargs={"pk": cold.pk})).content.decode()

    assert "10.2026" in page
    assert "4,500\xa0м³" in page  # October 2025, beside October 2026
    assert "<svg" in page


def test_someone_elses_meter_history_is_a_404(logged_in, neighbour):
    theirs = MeterFactory(account=neighbour.personal_accounts.get())

    response = logged_in.get(reverse("meters:history", kwargs={"pk": theirs.pk}))

    assert response.status_code == 404


def test_other_clients_do_not_see_the_page(db):
    assert Client().get(reverse("meters:meters")).status_code == 302


def _page(client, day=IN_WINDOW) -> str:
    with time_machine.travel(day, tick=False):
        return client.get(reverse("meters:meters")).content.decode()


def test_the_cached_tab_shows_a_submission_at_once(logged_in, cold, hot):
    assert "128,500" not in _page(logged_in)

    _post(logged_in, {f"meter_{cold.pk}": "128.500", f"meter_{hot.pk}": "54"})

    assert "128,500\xa0м³" in _page(logged_in)


def test_the_cached_tab_shows_a_change_by_staff(logged_in, cold):
    assert "Предыдущее: 120,500" in _page(logged_in)

    cold.place = "Кухня, под мойкой"
    cold.save()  # as the admin saves it
    Reading.objects.filter(meter=cold).get().delete()

    page = _page(logged_in)
    assert "Кухня, под мойкой" in page
    assert "Предыдущее: 120,500" not in page


def test_two_sessions_of_one_account_each_send_with_their_own_token(owner, cold, hot):
    phone, laptop = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (phone, laptop):
        client.force_login(owner)
    tokens = []
    for client in (phone, laptop):  # the second page comes from the cache
        page = _page(client)
        tokens.append(page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0])
        assert 'name="csrfmiddlewaretoken"' in page

    for client, token, value in ((phone, tokens[0], "125"), (laptop, tokens[1], "126")):
        response = _post(client, {"csrfmiddlewaretoken": token,
                                  f"meter_{cold.pk}": value, f"meter_{hot.pk}": "51"})
        assert response.status_code == 200

    assert Reading.objects.get(meter=cold, period=NOVEMBER).value == Decimal("126")


def test_a_submission_writes_the_readings_the_audit_row_and_the_cabinet_version(
        owner, account, cold):
    """The one statement a submission is: first a new reading, then its correction."""
    from accounts.models import PersonalAccount
    from vodokanal.models import AuditEntry

    version = PersonalAccount.objects.get(pk=account.pk).cabinet_version
    for value in ("150", "140"):  # 150 is high: 29.5 m³ since October's 120.5
        states = account_meter_states(account=account, period=NOVEMBER)
        readings_submit(account=account, user=owner, states=states,
                        values={cold.pk: Decimal(value)}, confirmed={cold.pk},
                        today=IN_WINDOW)

    assert list(Reading.objects.filter(period=NOVEMBER).values_list(
        "meter", "value", "consumption", "high_consumption", "reviewed", "source",
        "submitted_by")) == [(cold.pk, Decimal("140.000"), Decimal("19.500"), False, False,
                              "portal", owner.pk)]
    audit = AuditEntry.objects.filter(action="meters.readings_submitted").order_by("id")
    assert [(entry.actor_id, entry.data["readings"]) for entry in audit] == [
        (owner.pk, {str(cold.pk): "150"}), (owner.pk, {str(cold.pk): "140"})]
    assert PersonalAccount.objects.get(pk=account.pk).cabinet_version == version + 2


def test_the_accounts_meter_states(account, cold, hot):
    """The previous and this month's value of each meter still in place, of this account."""
    removed = MeterFactory(account=account, water="cold", removed_on=date(2026, 10, 5))
    MeterFactory(water="cold")  # another subscriber's
    Reading.objects.create(meter=cold, period=date(2026, 9, 1), value=Decimal("114.5"),
                           consumption=Decimal("5"))
    Reading.objects.create(meter=hot, period=NOVEMBER, value=Decimal("55.25"),
                           consumption=Decimal("5.25"))
    Reading.objects.create(meter=removed, period=date(2026, 9, 1), value=Decimal("3"),
                           consumption=Decimal("3"))

    for period in (date(2026, 10, 1), NOVEMBER, date(2026, 12, 1)):
        states = account_meter_states(account=account, period=period)
        assert [state.meter for state in states] == [cold, hot]

    assert [(state.previous, state.current) for state in states] == [
        (Decimal("120.500"), None), (Decimal("55.250"), None)]
    assert [(state.previous, state.current) for state in account_meter_states(
        account=account, period=NOVEMBER)] == [(Decimal("120.500"), None),
                                                (Decimal("50.000"), Decimal("55.250"))]
