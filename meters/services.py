"""Taking meter readings: the window, the checks, one reading per meter and month."""

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.cabinet import personal_accounts_changed_sql
from accounts.models import PersonalAccount
from billing.money import volume_figures
from vodokanal.audit import audit_record_sql

from . import sql
from .models import Meter, Reading, ReadingRules
from .selectors import MeterState, usual_consumption
from .window import next_window, reading_period


class WindowClosed(Exception):
    def __init__(self, next_opens: date, next_closes: date):
        super().__init__(next_opens)
        self.next_opens, self.next_closes = next_opens, next_closes


class CollectedByManagementCompany(Exception):
    """The building's communal meter: its management company collects the readings."""


@dataclass(frozen=True)
class HighUse:
    """What a reading far above the usual implies, shown before the subscriber confirms."""

    consumption: Decimal
    usual: Decimal | None  # the meter's average month, when it has a history

    def text(self) -> str:
        """The implied consumption in figures, so that a slipped comma shows before it
        counts: «That is +9 999,5 m³ this month against about 12 m³ a month»."""
        consumption = volume_figures(self.consumption, trimmed=True)
        if self.usual is None:
            return _("That is +%(consumption)s m³ this month") % {"consumption": consumption}
        return _("That is +%(consumption)s m³ this month against about %(usual)s m³ a month") % {
            "consumption": consumption,
            "usual": volume_figures(self.usual.quantize(Decimal("0.1")), trimmed=True)}


@dataclass
class ReadingsRefused(Exception):
    """Nothing was saved. `errors` by meter id; `unconfirmed` high readings need a tick;
    `impossible` names the meters whose reading no meter could show (among `errors`):
    the page offers to write to staff."""

    errors: dict[int, str] = field(default_factory=dict)
    unconfirmed: dict[int, HighUse] = field(default_factory=dict)
    impossible: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Accepted:
    meter: Meter
    value: Decimal
    consumption: Decimal
    high: bool  # flagged for staff


@dataclass(frozen=True)
class Submitted:
    period: date  # the month the readings count in
    readings: list[Accepted]


def window_check(*, today: date, rules: ReadingRules) -> date:
    """The month readings sent today count in, or WindowClosed naming the next window."""
    period = reading_period(today=today, rules=rules)
    if period is None:
        upcoming = next_window(today=today, rules=rules)
        raise WindowClosed(upcoming.opens, upcoming.closes)
    return period


def readings_submit(*, account: PersonalAccount, user, states: list[MeterState],
                    values: dict[int, Decimal], confirmed: Collection[int], today: date,
                    via: str = "") -> Submitted:
    """A resident's readings of some or all of the account's meters, saved as returned (the
    Meters tab then shows their estimated charge, meters.estimate).

    `states` are the account's meters as the form was built from them
    (account_meter_states for this period), read once per request; `confirmed` the meters
    whose high consumption the resident has confirmed. `via` names what sent them when
    not the page (an API token), for the audit row.
    """
    if account.building.has_communal_meter:
        raise CollectedByManagementCompany
    _belong(states, lambda meter: meter.account_id == account.pk)
    return _submit(states, user, values, confirmed=confirmed, today=today,
                   source=Reading.Source.PORTAL, changed_accounts=[account.pk], via=via)


def communal_readings_submit(*, organisation, user, states: list[MeterState],
                             values: dict[int, Decimal], confirmed: Collection[int],
                             today: date, via: str = "") -> Submitted:
    """A management company's readings of the communal meters of its buildings, saved as
    returned."""
    _belong(states, lambda meter: meter.building_id is not None
            and meter.building.management_company_id == organisation.pk)
    return _submit(states, user, values, confirmed=confirmed, today=today,
                   source=Reading.Source.MANAGEMENT_COMPANY, changed_accounts=[], via=via)


@dataclass(frozen=True)
class FlatReadingsSent:
    """What a management company sends of one flat (its page's form, a line of its file)."""

    account: PersonalAccount
    states: list[MeterState]  # the flat's meters, as account_meter_states gives them
    values: dict[int, Decimal]
    confirmed: Collection[int] = ()


class FlatsRefused(Exception):
    """Nothing was saved: each refused flat's reasons, by its account's id."""

    def __init__(self, refusals: dict[int, ReadingsRefused]):
        super().__init__(sorted(refusals))
        self.refusals = refusals


def company_flats_readings_submit(*, organisation, user, flats: list[FlatReadingsSent],
                                  today: date, via: str = "") -> dict[int, Submitted]:
    """A management company hands in its flats' readings, which it collects for its
    buildings with a communal meter: each flat by the same rules as the resident's own
    form, all of them or none (FlatsRefused), and each resident's tab shows them. What was
    saved, by the flat's account id."""
    period, accepted = _flats_checked(organisation, flats, today)
    with transaction.atomic():
        for account_id, readings in accepted.items():
            _record(_Recorded(readings, period, user, Reading.Source.MANAGEMENT_COMPANY,
                              [account_id], via))
    return {account_id: Submitted(period, readings) for account_id, readings in accepted.items()}


def company_flats_readings_check(*, organisation, flats: list[FlatReadingsSent],
                                 today: date) -> None:
    """The same checks, saving nothing: FlatsRefused names what the rules refuse."""
    _flats_checked(organisation, flats, today)


def _flats_checked(organisation, flats: list[FlatReadingsSent], today: date
                   ) -> tuple[date, dict[int, list[Accepted]]]:
    rules = ReadingRules.current()
    period = window_check(today=today, rules=rules)
    accepted, refusals = {}, {}
    for flat in flats:
        _collected_by(organisation, flat)
        try:
            accepted[flat.account.pk] = _checked(
                {state.meter.pk: state for state in flat.states}, flat.values, rules,
                confirmed=frozenset(flat.confirmed), today=today, period=period)
        except ReadingsRefused as refused:
            refusals[flat.account.pk] = refused
    if refusals:
        raise FlatsRefused(refusals)
    return period, accepted


def _collected_by(organisation, flat: FlatReadingsSent) -> None:
    building = flat.account.building
    if building.management_company_id != organisation.pk or not building.has_communal_meter:
        raise ValueError(f"{flat.account.number} is not a flat {organisation.pk} collects")
    _belong(flat.states, lambda meter: meter.account_id == flat.account.pk)


def _belong(states: list[MeterState], is_theirs) -> None:
    """A reading only ever goes to a meter of the one submitting: a caller's slip is an
    error here, never another subscriber's reading."""
    strangers = [state.meter.pk for state in states if not is_theirs(state.meter)]
    if strangers:
        raise ValueError(f"meters {strangers} are not the submitter's")


def _submit(states, user, values, *, confirmed, today, source,
            changed_accounts: list[int], via: str = "") -> Submitted:
    """Save a reading for each meter given, all or none; a second submit for the month corrects.
    The cabinets of `changed_accounts` show the readings: their cached parts go stale.

    The checks only read, and lock nothing: what they read cannot change under them, as
    a reading of an earlier month is never written again (staff see readings read-only),
    and two submits at once both upsert the one (meter, period) row, so one reading is
    left either way, the last one sent. All that is written is written at once, in one statement.
    """
    rules = ReadingRules.current()
    period = window_check(today=today, rules=rules)
    accepted = _checked({state.meter.pk: state for state in states}, values, rules,
                        confirmed=frozenset(confirmed), today=today, period=period)
    _record(_Recorded(accepted, period, user, source, changed_accounts, via))
    return Submitted(period, accepted)


def _checked(states: dict[int, MeterState], values: dict[int, Decimal], rules: ReadingRules,
             *, confirmed: frozenset[int], today: date, period: date) -> list[Accepted]:
    states = {meter_id: state for meter_id, state in states.items() if meter_id in values}
    usual = usual_consumption(meter_ids=[pk for pk, state in states.items()
                                         if state.meter.building_id], period=period)
    refused, accepted, unconfirmed = ReadingsRefused(), [], {}
    for meter_id, state in states.items():  # a meter not of this account is never saved
        value = values[meter_id]
        problem = _problem(state, value, today)
        consumption = value - state.previous
        beyond = None if problem else _beyond_ceiling(state, consumption, rules,
                                                      usual.get(meter_id), period)
        if problem or beyond:
            refused.errors[meter_id] = problem or beyond
            if beyond:
                refused.impossible.add(meter_id)
            continue
        high_above = _high_above(state, rules, usual.get(meter_id))
        high = high_above is not None and consumption > high_above
        if high and meter_id not in confirmed:
            unconfirmed[meter_id] = consumption
        accepted.append(Accepted(state.meter, value, consumption, high))
    if unconfirmed:
        refused.unconfirmed = _high_uses(unconfirmed, usual, period)
    if refused.errors or refused.unconfirmed:
        raise refused
    return accepted


def _beyond_ceiling(state: MeterState, consumption: Decimal, rules: ReadingRules,
                    usual: Decimal | None, period: date) -> str | None:
    """Why no meter could have shown this, or None. A flat's meter passes at most
    `flat_meter_ceiling` a month since the previous reading; a building's meter at most
    `communal_ceiling_factor` of its usual months. No confirmation takes such a reading."""
    months = state.months_since_previous(period)
    shown = volume_figures(consumption, trimmed=True)
    if state.meter.building_id is None:
        ceiling = rules.flat_meter_ceiling * months
        if consumption <= ceiling:
            return None
        return ngettext(
            "That is +%(consumption)s m³, more than a flat's meter can pass in %(months)s "
            "month (%(ceiling)s m³). Check the reading; if it is right, write to us and "
            "staff will check the meter.",
            "That is +%(consumption)s m³, more than a flat's meter can pass in %(months)s "
            "months (%(ceiling)s m³). Check the reading; if it is right, write to us and "
            "staff will check the meter.", months) % {
            "consumption": shown, "months": months,
            "ceiling": volume_figures(ceiling, trimmed=True)}
    if usual is None or consumption <= usual * rules.communal_ceiling_factor * months:
        return None
    return _("That is +%(consumption)s m³, more than %(factor)s times this meter's usual "
             "month (about %(usual)s m³). Check the reading; if it is right, write to us "
             "and staff will check the meter.") % {
        "consumption": shown, "factor": volume_figures(rules.communal_ceiling_factor,
                                                       trimmed=True),
        "usual": volume_figures(usual.quantize(Decimal("0.1")), trimmed=True)}


def _high_uses(unconfirmed: dict[int, Decimal], usual: dict[int, Decimal],
               period: date) -> dict[int, HighUse]:
    """What each refused reading implies, against the meter's usual month (a flat's is read
    here, only now that a message needs it)."""
    usual = usual | usual_consumption(meter_ids=list(unconfirmed.keys() - usual.keys()),
                                      period=period)
    return {pk: HighUse(consumption, usual.get(pk)) for pk, consumption in unconfirmed.items()}


def _high_above(state: MeterState, rules: ReadingRules, usual: Decimal | None
                ) -> Decimal | None:
    """The consumption above which a reading needs a confirmation; None: no bar yet.
    A flat has the rules' limit; a building's meter is held to its own usual month."""
    if state.meter.building_id is None:
        return rules.high_consumption
    return None if usual is None else usual * rules.communal_high_factor


def _problem(state: MeterState, value: Decimal, today: date) -> str | None:
    if state.past_verification(today):
        return _("The meter was due for verification on %(date)s. Take it for verification "
                 "or replace it and tell the utility; until then readings cannot be "
                 "taken.") % {"date": date_format(state.meter.verification_due)}
    if value < state.previous:
        return _("The reading cannot be lower than the previous one, %(previous)s m³.") % {
            "previous": volume_figures(state.previous)}
    return None


@dataclass(frozen=True)
class _Recorded:
    """What a submission writes: the readings, the audit row, the cabinets' versions."""

    accepted: list[Accepted]
    period: date
    user: object
    source: str
    changed_accounts: list[int]
    via: str = ""

    def audit_data(self) -> dict:
        data = {"period": self.period.isoformat(),
                "readings": {str(r.meter.pk): str(r.value) for r in self.accepted}}
        return {**data, "via": self.via} if self.via else data


AUDIT_ACTION = "meters.readings_submitted"


def _record(recorded: _Recorded) -> None:
    """New readings are added, this month's corrected; the audit row and the cabinet's
    version with them, in one statement: the submission's bar needs it
    (docs/performance.md)."""
    sql.readings_record(
        readings=[(r.meter.pk, r.value, r.consumption, r.high) for r in recorded.accepted],
        period=recorded.period, source=recorded.source, user_id=recorded.user.pk,
        audit=audit_record_sql(action=AUDIT_ACTION, actor_id=recorded.user.pk,
                               data=recorded.audit_data()),
        cabinets=personal_accounts_changed_sql(account_ids=recorded.changed_accounts))
