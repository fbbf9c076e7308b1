"""A management company's file of its flats' readings (CSV, docs/exchange.md): the form
it downloads, filled with its flats and meters, and the same file back with the readings.

Taken all or nothing, as the billing system's files are, with every fault of every line
named with its line and value; each flat's readings then go through the same checks as
the resident's own form (meters.services), and are written together.
"""

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO, TextIO

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import PersonalAccount
from accounts.numbers import InvalidAccountNumber, normalise_account_number
from billing.exchange.importer import ImportRejected, RowError
from billing.money import volume_figures
from vodokanal.decimals import NotANumber, parse_decimal

from . import services
from .models import ReadingRules
from .selectors import FlatReadings, MeterState, company_flats_readings

HEADER = ["account_number", "flat", "water", "serial", "previous", "value", "high_confirmed"]
MAX_BYTES = 1024 * 1024
YES, NO = {"1", "да", "yes"}, {"", "0", "нет", "no"}


def company_readings_form_write(*, flats: list[FlatReadings], out: TextIO) -> None:
    """The form to fill: a line a meter, with what it last showed; `value` left empty."""
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(HEADER)
    for flat in flats:
        for state in flat.states:
            writer.writerow([flat.account.number, flat.account.flat, state.meter.water,
                             state.meter.serial, f"{state.previous:.3f}",
                             "" if state.current is None else f"{state.current:.3f}", ""])


@dataclass(frozen=True)
class _Line:
    number: int
    state: MeterState
    value: Decimal
    confirmed: bool


def company_readings_import(*, organisation, user, accounts: list[PersonalAccount],
                            stream: BinaryIO, today: date) -> int:
    """The readings of the file, of `accounts` (the company's collected flats), saved;
    how many. ImportRejected with every line's faults, and nothing saved, otherwise."""
    try:
        period = services.window_check(today=today, rules=ReadingRules.current())
    except services.WindowClosed as closed:
        raise ImportRejected([RowError(0, "", _(
            "readings are not taken now; the next window is from %(opens)s to %(closes)s")
            % {"opens": date_format(closed.next_opens),
               "closes": date_format(closed.next_closes)})]) from closed
    flats = {flat.account.number: flat
             for flat in company_flats_readings(accounts=accounts, period=period)}
    lines, errors = _lines(_text(stream), flats)
    by_account: dict[int, list[_Line]] = defaultdict(list)
    for line in lines:
        by_account[line.state.meter.account_id].append(line)
    accounts_by_id = {flat.account.pk: flat.account for flat in flats.values()}
    sent = [services.FlatReadingsSent(
        account=accounts_by_id[account_id], states=[line.state for line in account_lines],
        values={line.state.meter.pk: line.value for line in account_lines},
        confirmed={line.state.meter.pk for line in account_lines if line.confirmed})
        for account_id, account_lines in by_account.items()]
    try:
        if errors:  # the rules are checked too: the file comes back with every fault
            services.company_flats_readings_check(organisation=organisation, flats=sent,
                                                  today=today)
        else:
            saved = services.company_flats_readings_submit(
                organisation=organisation, user=user, flats=sent, today=today)
            return sum(len(submitted.readings) for submitted in saved.values())
    except services.FlatsRefused as refused:
        errors += _refusals(refused, by_account)
    raise ImportRejected(sorted(errors, key=lambda error: error.line))


def _text(stream: BinaryIO) -> TextIO:
    raw = stream.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise ImportRejected([RowError(0, "", _("the file is larger than 1 MB"))])
    try:
        return io.StringIO(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return io.StringIO(raw.decode("cp1251"))  # as Excel in Russia saves a CSV


def _lines(text: TextIO, flats: dict[str, FlatReadings]) -> tuple[list[_Line], list[RowError]]:
    rows = csv.reader(text, delimiter=";")
    header = [name.strip().lstrip("\ufeff") for name in next(rows, [])]
    if header not in (HEADER, HEADER[:-1]):
        return [], [RowError(1, "", _("the header must be: %(header)s")
                             % {"header": ";".join(HEADER)})]
    lines, errors, seen = [], [], set()
    for number, row in enumerate(rows, start=2):
        if not any(cell.strip() for cell in row):
            continue
        line, faults = _line(number, dict(zip(HEADER, [cell.strip() for cell in row],
                                              strict=False)), flats, seen)
        errors += faults
        if line is not None:
            lines.append(line)
    return lines, errors


def _line(number: int, cells: dict, flats: dict[str, FlatReadings], seen: set
          ) -> tuple[_Line | None, list[RowError]]:
    """One line: its meter, value and confirmation, or every fault it has."""
    faults, state = [], None
    typed = cells.get("account_number", "")
    try:
        flat = flats.get(normalise_account_number(typed))
    except InvalidAccountNumber:
        flat = None
    if flat is None:
        faults.append(RowError(number, "account_number", _(
            "«%(value)s»: no flat of the company's buildings has this account")
            % {"value": typed}))
    else:
        serial = cells.get("serial", "")
        state = next((s for s in flat.states if s.meter.serial == serial), None)
        if state is None:
            faults.append(RowError(number, "serial", _(
                "«%(value)s»: the account %(account)s has no such meter")
                % {"value": serial, "account": flat.account.number}))
        elif state.meter.pk in seen:
            faults.append(RowError(number, "serial", _(
                "«%(value)s»: this meter is on an earlier line too") % {"value": serial}))
    value = _value(number, cells.get("value", ""), faults)
    confirmed = cells.get("high_confirmed", "").lower()
    if confirmed not in YES | NO:
        faults.append(RowError(number, "high_confirmed", _(
            "«%(value)s»: must be 1 (or «да») or empty") % {"value": confirmed}))
    if faults or state is None or value is None:
        return None, faults
    seen.add(state.meter.pk)
    return _Line(number, state, value, confirmed in YES), []


def _value(number: int, typed: str, faults: list[RowError]) -> Decimal | None:
    """The reading; None when the line has none (the meter was not read) or a bad one."""
    if not typed:
        return None
    try:
        value = parse_decimal(typed)
    except NotANumber:
        faults.append(RowError(number, "value", _("«%(value)s»: is not a number, such as "
                                                  "123,456") % {"value": typed}))
        return None
    if value < 0 or value != value.quantize(Decimal("0.001")):
        faults.append(RowError(number, "value", _(
            "«%(value)s»: must not be negative and have at most 3 decimals")
            % {"value": typed}))
        return None
    return value


def _refusals(refused: services.FlatsRefused, by_account: dict) -> list[RowError]:
    errors = []
    for account_id, reasons in refused.refusals.items():
        by_meter = {line.state.meter.pk: line for line in by_account[account_id]}
        errors += [RowError(by_meter[pk].number, "value",
                            f"«{volume_figures(by_meter[pk].value)}»: {message}")
                   for pk, message in reasons.errors.items()]
        errors += [RowError(by_meter[pk].number, "value", _(
            "«%(value)s»: %(implied)s. If it is right, put 1 in high_confirmed.")
            % {"value": volume_figures(by_meter[pk].value), "implied": high.text()})
            for pk, high in reasons.unconfirmed.items()]
    return errors
