"""The estimated charge for what the meters counted, at today's tariffs.

Sewerage is billed on all the water that went down the drain: cold and hot
(hot water is supplied by another company, but it leaves through our pipes).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from billing.models import Service
from billing.money import to_roubles
from billing.selectors import tariffs_all

from .models import Meter
from .selectors import MeterState


@dataclass(frozen=True)
class Estimate:
    cold: Decimal
    hot: Decimal
    cold_tariff: Decimal | None
    sewerage_tariff: Decimal | None

    @property
    def sewerage_volume(self) -> Decimal:
        return self.cold + self.hot

    @property
    def cold_amount(self) -> Decimal:
        return to_roubles(self.cold * (self.cold_tariff or 0))

    @property
    def sewerage_amount(self) -> Decimal:
        return to_roubles(self.sewerage_volume * (self.sewerage_tariff or 0))

    @property
    def total(self) -> Decimal:
        return self.cold_amount + self.sewerage_amount


def estimate(*, cold: Decimal, hot: Decimal, category: str, today: date) -> Estimate:
    prices = prices_in_force(category, today)
    return Estimate(cold=cold, hot=hot, cold_tariff=prices.get(Service.COLD_WATER),
                    sewerage_tariff=prices.get(Service.SEWERAGE))


def month_estimate(states: list[MeterState], *, category: str, today: date) -> Estimate:
    """What the readings sent this month (MeterState.current) counted, at today's tariffs."""
    volumes = {Meter.Water.COLD: Decimal(0), Meter.Water.HOT: Decimal(0)}
    for state in states:
        if state.consumption is not None:
            volumes[state.meter.water] += state.consumption
    return estimate(cold=volumes[Meter.Water.COLD], hot=volumes[Meter.Water.HOT],
                    category=category, today=today)


def prices_in_force(category: str, today: date) -> dict[str, Decimal]:
    """Service → today's price: of the tariffs in force, the newest of each service."""
    return {service: price for service, tariff_category, valid_from, price in tariffs_all()
            if tariff_category == category and valid_from <= today}  # ascending: newest wins
