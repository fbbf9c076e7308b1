"""Taking meter readings: the window, the checks, one reading per meter and month."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _

from accounts.models import PersonalAccount
from accounts.services import personal_accounts_changed
from vodokanal.audit import audit_record

from .models import Meter, Reading, ReadingRules
from .selectors import MeterState
from .window import next_window, window_of_month


class WindowClosed(Exception):
    def __init__(self, next_opens: date, next_closes: date):
        super().__init__(next_opens)
        self.next_opens, self.next_closes = next_opens, next_closes


class CollectedByManagementCompany(Exception):
    """The building's communal meter: its management company collects the readings."""


@dataclass
class ReadingsRefused(Exception):
    """Nothing was saved. `errors` by meter id; `unconfirmed` high readings need a tick."""

    errors: dict[int, str] = field(default_factory=dict)
    unconfirmed: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Accepted:
    meter: Meter
    previous: Decimal
    value: Decimal
    consumption: Decimal


@dataclass(frozen=True)
class Submission:
    period: date
    accepted: list[Accepted]


def window_check(*, today: date, rules: ReadingRules) -> date:
    """The period readings go to today, or WindowClosed naming the next window."""
    window = window_of_month(today=today, rules=rules)
    if not window.is_open(today):
        upcoming = next_window(today=today, rules=rules)
        raise WindowClosed(upcoming.opens, upcoming.closes)
    return window.period


@transaction.atomic
def readings_submit(*, account: PersonalAccount, user, states: list[MeterState],
                    values: dict[int, Decimal], confirm_high: bool, today: date) -> Submission:
    """A resident's readings of the account's meters (the Meters tab then shows their
    estimated charge, meters.estimate).

    `states` are the account's meters as the form was built from them (meter_states for
    this period), read once per request.
    """
    if account.building.has_communal_meter:
        raise CollectedByManagementCompany
    _belong(states, lambda meter: meter.account_id == account.pk)
    period, accepted = _submit(states, user, values, confirm_high=confirm_high, today=today,
                               source=Reading.Source.PORTAL)
    personal_accounts_changed(account_ids=[account.pk])
    return Submission(period, accepted)


@transaction.atomic
def communal_readings_submit(*, organisation, user, states: list[MeterState],
                             values: dict[int, Decimal], confirm_high: bool,
                             today: date) -> Submission:
    """A management company's readings of the communal meters of its buildings."""
    _belong(states, lambda meter: meter.building_id is not None
            and meter.building.management_company_id == organisation.pk)
    period, accepted = _submit(states, user, values, confirm_high=confirm_high, today=today,
                               source=Reading.Source.MANAGEMENT_COMPANY)
    return Submission(period, accepted)


def _belong(states: list[MeterState], is_theirs) -> None:
    """A reading only ever goes to a meter of the one submitting: a caller's slip is an
    error here, never another subscriber's reading."""
    strangers = [state.meter.pk for state in states if not is_theirs(state.meter)]
    if strangers:
        raise ValueError(f"meters {strangers} are not the submitter's")


def _submit(states, user, values, *, confirm_high, today, source) -> tuple[date, list]:
    """Save a reading for each meter given, all or none; a second submit in the window corrects.

    Runs in the caller's transaction, and locks nothing. What the checks read cannot
    change under them: a reading of an earlier month is never written again (staff see
    readings read-only), and two submits at once both upsert the one (meter, period)
    row, so one reading is left either way, the last one sent.
    """
    rules = ReadingRules.current()  # kept in memory: no round trip
    period = window_check(today=today, rules=rules)
    accepted = _checked({state.meter.pk: state for state in states}, values, rules,
                        confirm_high=confirm_high, today=today)
    _save(accepted, period, user, source, rules=rules)
    audit_record(action="meters.readings_submitted", actor=user, period=period.isoformat(),
                 readings={str(r.meter.pk): str(r.value) for r in accepted})
    return period, accepted


def _checked(states: dict[int, MeterState], values: dict[int, Decimal], rules: ReadingRules,
             *, confirm_high: bool, today: date) -> list[Accepted]:
    refused, accepted = ReadingsRefused(), []
    for meter_id, value in values.items():
        state = states.get(meter_id)
        if state is None:
            continue  # not a meter of this account: ignored, never saved
        problem = _problem(state, value, today)
        if problem:
            refused.errors[meter_id] = problem
            continue
        consumption = value - state.previous
        if consumption > rules.high_consumption and not confirm_high:
            refused.unconfirmed.append(meter_id)
        accepted.append(Accepted(state.meter, state.previous, value, consumption))
    if refused.errors or refused.unconfirmed:
        raise refused
    return accepted


def _problem(state: MeterState, value: Decimal, today: date) -> str | None:
    if state.past_verification(today):
        return _("The meter was due for verification on %(date)s. Have it verified (or "
                 "replaced) and bring the certificate to the utility; until then readings "
                 "cannot be taken.") % {"date": date_format(state.meter.verification_due)}
    if value < state.previous:
        return _("The reading cannot be lower than the previous one, %(previous)s m³.") % {
            "previous": localize(state.previous)}
    return None


def _save(accepted: list[Accepted], period: date, user, source: str, *,
          rules: ReadingRules) -> None:
    """One statement for all the readings: new ones are added, this month's are corrected."""
    Reading.objects.bulk_create(
        [Reading(meter=reading.meter, period=period, value=reading.value,
                 consumption=reading.consumption, source=source, submitted_by=user,
                 high_consumption=reading.consumption > rules.high_consumption,
                 reviewed=False) for reading in accepted],
        update_conflicts=True, unique_fields=["meter", "period"],
        update_fields=["value", "consumption", "high_consumption", "reviewed", "source",
                       "submitted_by", "submitted_at"])

