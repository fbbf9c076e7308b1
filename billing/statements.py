"""The statement (выписка) as CSV: a row a month, for a spreadsheet in a Russian locale."""

import csv
import io
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Service
from .selectors import MonthStatement


def statement_csv(months: list[MonthStatement]) -> str:
    """Semicolons and decimal commas, with a BOM, as Excel in a Russian locale opens it."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(_header())
    for month in months:
        writer.writerow(_row(month))
    return out.getvalue()


def _header() -> list[str]:
    per_service = [f"{label}: {what}" for label in Service.labels
                   for what in (_("volume, m³"), _("charged"))]
    return [_("Period"), _("Opening balance"), *per_service, _("Recalculations"), _("Paid"),
            _("Closing balance")]


def _row(month: MonthStatement) -> list[str]:
    lines = {line.service: line for line in month.lines}
    per_service = []
    for service in Service.values:
        line = lines.get(service)
        per_service += [_number(line.volume) if line else "", _number(line.amount) if line else ""]
    return [date_format(month.period, "m.Y"), _number(month.opening), *per_service,
            _number(month.recalculated), _number(month.paid), _number(month.closing)]


def _number(value: Decimal) -> str:
    return str(value).replace(".", ",")
