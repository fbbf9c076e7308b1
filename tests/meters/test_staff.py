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
