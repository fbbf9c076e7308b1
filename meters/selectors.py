"""Read side of meters: the meters of an account with what they last showed, and history."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.http import Http404

from accounts.models import Building, PersonalAccount

from .models import READING, Meter, Reading


@dataclass
class MeterState:
    """A meter as the form needs it: the reading to count from, and this month's if any."""

    meter: Meter
    previous: Decimal  # the last accepted reading before this period, or the initial one
    current: Reading | None

    def past_verification(self, today: date) -> bool:
        return self.meter.verification_due < today

    @property
    def label(self) -> str:
        """A communal meter is known by its building."""
        if self.meter.building_id:
            return f"{self.meter.building.address}: {self.meter}"
        return str(self.meter)


def meter_states(*, meters, period: date) -> list[MeterState]:
    """Two queries whatever the history: meters with their previous value, then this month's."""
    before = Reading.objects.filter(meter=OuterRef("pk"), period__lt=period).order_by("-period")
    annotated = list(meters.select_related("building")
                     .annotate(previous_value=Subquery(before.values("value")[:1]))
                     .order_by("building__address", "water", "serial"))
    current = {reading.meter_id: reading
               for reading in Reading.objects.filter(meter__in=annotated, period=period)}
    return [MeterState(meter, _as_reading(meter.previous_value) if meter.previous_value
                       is not None else meter.initial_reading, current.get(meter.pk))
            for meter in annotated]


def _as_reading(value: Decimal) -> Decimal:
    """To a reading's three places: SQLite (`make run`) hands a subquery's decimal back
    with fifteen digits, which the form then showed as "166,720000000000 m³"."""
    return value.quantize(Decimal(1).scaleb(-READING["decimal_places"]))


def account_meters(*, account: PersonalAccount):
    return Meter.objects.filter(account=account, removed_on__isnull=True)


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
    return Meter.objects.filter(building__management_company=organisation,
                                removed_on__isnull=True)


def company_building_get(*, organisation, pk: int) -> Building:
    building = Building.objects.filter(management_company=organisation, pk=pk).first()
    if building is None:
        raise Http404
    return building
