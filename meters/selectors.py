"""Read side of meters: the meters of an account with what they last showed, and history."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, QuerySet
from django.http import Http404

from accounts.models import Building, PersonalAccount
from billing.periods import add_months

from . import sql
from .models import READING, Meter, Reading, ReadingRules
from .window import WindowToday, window_today

USUAL_MONTHS = 12  # how far back a meter's usual month is averaged
VERIFICATION_WARNING_DAYS = 60  # the Information tab warns of a verification this soon


@dataclass
class MeterState:
    """A meter as the form needs it: the reading to count from, and this month's if any."""

    meter: Meter
    previous: Decimal  # the last accepted reading before this period, or the initial one
    current: Decimal | None  # the value sent this period, which a second submit corrects
    previous_period: date | None = None  # the month of `previous`; None: the initial one

    def months_since_previous(self, period: date) -> int:
        """How many months a reading of `period` counts since the previous one (since the
        installation for the first), at least one."""
        since = self.previous_period or self.meter.installed_on.replace(day=1)
        return max(1, (period.year - since.year) * 12 + period.month - since.month)

    @property
    def consumption(self) -> Decimal | None:
        """What this month's reading counted; None until one is sent."""
        return None if self.current is None else self.current - self.previous

    def past_verification(self, today: date) -> bool:
        return self.meter.verification_due < today

    @property
    def label(self) -> str:
        """A communal meter is known by its building."""
        if self.meter.building_id:
            return f"{self.meter.building.address}: {self.meter}"
        return str(self.meter)


def meter_states(*, meters: QuerySet[Meter], period: date) -> list[MeterState]:
    """The meters (in their order, with what they need of their building) with their
    previous and this month's value: two queries whatever the history."""
    meters = list(meters)
    values = {meter.pk: meter for meter in sql.meters_with_values(
        meter_ids=[meter.pk for meter in meters], period=period)}
    return [_state(meter, values[meter.pk], period) for meter in meters]


def account_meter_states(*, account: PersonalAccount, period: date) -> list[MeterState]:
    """The account's meters in place, in one query: every reading submission reads it."""
    return [_state(meter, meter, period) for meter in sql.account_meters_with_values(
        account_id=account.pk, period=period)]


def _state(meter: Meter, values: Meter, period: date) -> MeterState:
    """From what the query added to `values`: the reading before this month, and the latest
    one up to it, which is this month's when it is of this month."""
    previous = values.previous_value
    return MeterState(meter, meter.initial_reading if previous is None else previous,
                      values.latest_value if values.latest_period == period else None,
                      values.previous_period)


def usual_consumption(*, meter_ids: list[int], period: date) -> dict[int, Decimal]:
    """Each meter's average month over the 12 before `period`, for those with readings then.
    Read only where a reading is judged by it (a building's meter, a reading refused as
    high), not with every meter's state: it reads a year of readings per meter."""
    if not meter_ids:
        return {}
    rows = (Reading.objects.filter(meter__in=meter_ids, period__lt=period,
                                   period__gte=add_months(period, -USUAL_MONTHS))
            .order_by().values("meter").annotate(usual=Avg("consumption"))
            .values_list("meter", "usual"))
    return {meter: _as_reading(usual) for meter, usual in rows}


def _as_reading(value) -> Decimal | None:
    """To a reading's three places: an average comes back with as many digits as
    PostgreSQL's division gives, which the form would show as "166,720000000000 m³"."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-READING["decimal_places"]))


def account_meters(*, account: PersonalAccount) -> QuerySet[Meter]:
    return Meter.objects.filter(account=account, removed_on__isnull=True).order_by(
        "water", "serial")


def account_readings(*, account: PersonalAccount, meter_id: int | None = None,
                     since: date | None = None, until: date | None = None
                     ) -> QuerySet[Reading]:
    """The readings of the account's meters (removed ones too), newest month first."""
    readings = Reading.objects.filter(meter__account=account)
    if meter_id is not None:
        readings = readings.filter(meter_id=meter_id)
    if since is not None:
        readings = readings.filter(period__gte=since)
    if until is not None:
        readings = readings.filter(period__lte=until)
    return readings.order_by("-period", "meter_id")


def meter_get_for_account(*, account: PersonalAccount, pk: int) -> Meter:
    meter = Meter.objects.filter(account=account, pk=pk).first()
    if meter is None:
        raise Http404
    return meter


@dataclass(frozen=True)
class HistoryRow:
    reading: Reading
    year_before: Decimal | None  # consumption in the same month a year earlier


def meter_history(*, meter: Meter) -> list[HistoryRow]:
    readings = list(meter.readings.order_by("-period"))
    by_period = {reading.period: reading.consumption for reading in readings}
    return [HistoryRow(reading, by_period.get(reading.period.replace(
        year=reading.period.year - 1))) for reading in readings]


def company_buildings(*, organisation) -> QuerySet[Building]:
    return (Building.objects.filter(management_company=organisation)
            .annotate(flats=Count("personal_accounts")).order_by("address"))


def company_communal_meters(*, organisation) -> QuerySet[Meter]:
    """Labelled with their building's address (MeterState.label), in its order."""
    return (Meter.objects.filter(building__management_company=organisation,
                                 removed_on__isnull=True)
            .select_related("building").order_by("building__address", "water", "serial"))


def company_building_get(*, organisation, pk: int) -> Building:
    building = Building.objects.filter(management_company=organisation, pk=pk).first()
    if building is None:
        raise Http404
    return building


def company_collected_accounts(*, organisation) -> QuerySet[PersonalAccount]:
    """The flats whose readings the company hands in: those of its buildings with a
    communal meter it collects."""
    return (PersonalAccount.objects.filter(building__management_company=organisation,
                                           building__has_communal_meter=True)
            .select_related("building").order_by("building__address", "flat", "number"))


def company_flat_get(*, organisation, building_pk: int, number: str) -> PersonalAccount:
    """One of those flats, in that building; any other is a 404."""
    account = company_collected_accounts(organisation=organisation).filter(
        building_id=building_pk, number=number).first()
    if account is None:
        raise Http404
    return account


@dataclass(frozen=True)
class FlatReadings:
    account: PersonalAccount
    states: list[MeterState]

    @property
    def handed_in(self) -> bool:
        return bool(self.states) and all(state.current is not None for state in self.states)


def company_flats_readings(*, accounts: list[PersonalAccount], period: date
                           ) -> list[FlatReadings]:
    """Each flat with its meters' states for `period`: two queries for them all."""
    meters = Meter.objects.filter(account__in=accounts, removed_on__isnull=True).order_by(
        "account", "water", "serial")
    states: dict[int, list[MeterState]] = {account.pk: [] for account in accounts}
    for state in meter_states(meters=meters, period=period):
        states[state.meter.account_id].append(state)
    return [FlatReadings(account, states[account.pk]) for account in accounts]


@dataclass(frozen=True)
class ReadingsDue:
    """What the Information tab says of an account's meters today: the window, which meters
    have its month's reading, and which are near or past their verification."""

    window: WindowToday
    states: list[MeterState]

    @property
    def verification(self) -> list[MeterState]:
        """Meters whose verification ends within VERIFICATION_WARNING_DAYS or has ended."""
        soon = self.window.today + timedelta(days=VERIFICATION_WARNING_DAYS)
        return [state for state in self.states if state.meter.verification_due <= soon]


def readings_due(*, account: PersonalAccount, today: date) -> ReadingsDue:
    window = window_today(today=today, rules=ReadingRules.current())
    return ReadingsDue(window, account_meter_states(account=account, period=window.next.period))
