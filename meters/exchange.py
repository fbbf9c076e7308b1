"""Readings for the billing system (CSV, docs/exchange.md)."""

import csv
from typing import TextIO

from django.db.models import QuerySet

from .models import Reading

READINGS_HEADER = ["meter_external_id", "account_number", "building_external_id", "water",
                   "serial", "period", "value", "consumption", "high_consumption", "source",
                   "submitted_at"]


def readings_export(*, readings: QuerySet[Reading], out: TextIO) -> int:
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(READINGS_HEADER)
    rows = (readings.order_by("period", "meter_id")
            .values_list("meter__external_id", "meter__account__number",
                         "meter__building__external_id", "meter__water", "meter__serial",
                         "period", "value", "consumption", "high_consumption", "source",
                         "submitted_at"))
    count = 0
    for (meter, number, building, water, serial, period, value, consumption, high, source,
         submitted_at) in rows.iterator(chunk_size=5000):
        writer.writerow([meter, number or "", building or "", water, serial, f"{period:%Y-%m}",
                         f"{value:.3f}", f"{consumption:.3f}", int(high), source,
                         submitted_at.isoformat(timespec="seconds")])
        count += 1
    return count
