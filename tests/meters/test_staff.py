"""Staff: readings flagged for review, filters, CSV export; the export for the billing system."""

from datetime import date
from decimal import Decimal

from django.contrib.admin import helpers
from django.core.management import call_command
from django.urls import reverse

from meters.models import Reading
from tests.factories import MeterFactory


def _reading(meter, month, value, high=False):
    return Reading.objects.create(meter=meter, period=date(2026, month, 1), value=Decimal(value),
                                  consumption=Decimal("3"), high_consumption=high)


def test_flagged_readings_are_filtered_and_marked_reviewed(admin_client, db):
    meter = MeterFactory()
    flagged, normal = _reading(meter, 10, "80", high=True), _reading(meter, 9, "40")

    page = admin_client.get(reverse("admin:meters_reading_changelist"),
                            {"high_consumption__exact": "1"}).content.decode()
    admin_client.post(reverse("admin:meters_reading_changelist"), {
        "action": "mark_reviewed", helpers.ACTION_CHECKBOX_NAME: [flagged.pk]})

    assert "80,000" in page
    assert "40,000" not in page
    flagged.refresh_from_db()
    normal.refresh_from_db()
    assert (flagged.reviewed, normal.reviewed) == (True, False)


def test_staff_export_selected_readings(admin_client, db):
    meter = MeterFactory(external_id="M-77", serial="12345678")
    reading = _reading(meter, 10, "80.125")

    response = admin_client.post(reverse("admin:meters_reading_changelist"), {
        "action": "export_csv", helpers.ACTION_CHECKBOX_NAME: [reading.pk]})

    lines = response.content.decode().splitlines()
    assert lines[0].startswith("meter_external_id;account_number;")
    assert lines[1].startswith(f"M-77;{meter.account.number};;cold;12345678;2026-10;80.125;3.000")


def test_the_billing_system_gets_a_months_readings(db, tmp_path):
    meter = MeterFactory()
    _reading(meter, 10, "80")
    _reading(meter, 9, "77")
    path = tmp_path / "readings.csv"

    call_command("meters_export", "--period", "2026-10", "--output", str(path))

    lines = path.read_text().splitlines()
    assert len(lines) == 2
    assert ";2026-10;80.000;" in lines[1]


def test_staff_record_a_replacement_in_admin(admin_client, db):
    old = MeterFactory(serial="11111111")
    _reading(old, 10, "250")
    account = old.account

    admin_client.post(reverse("admin:meters_meter_change", args=[old.pk]), {
        "external_id": old.external_id, "account": account.pk, "water": "cold",
        "serial": old.serial, "place": "кухня", "installed_on": "2022-05-01",
        "verification_due": "2028-05-01", "initial_reading": "0", "removed_on": "2026-11-03",
        "readings-TOTAL_FORMS": 0, "readings-INITIAL_FORMS": 1})
    admin_client.post(reverse("admin:meters_meter_add"), {
        "external_id": "M-new", "account": account.pk, "water": "cold", "serial": "22222222",
        "place": "кухня", "installed_on": "2026-11-03", "verification_due": "2032-11-03",
        "initial_reading": "0.150", "readings-TOTAL_FORMS": 0, "readings-INITIAL_FORMS": 0})

    old.refresh_from_db()
    assert old.removed_on == date(2026, 11, 3)
    new = account.meters.get(serial="22222222")
    assert new.initial_reading == Decimal("0.150")
    assert list(account.meters.filter(removed_on__isnull=True)) == [new]
