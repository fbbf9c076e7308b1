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
    prices = _prices_in_force(category, today)
    return Estimate(cold=cold, hot=hot, cold_tariff=prices.get(Service.COLD_WATER),
                    sewerage_tariff=prices.get(Service.SEWERAGE))


def _prices_in_force(category: str, today: date) -> dict[str, Decimal]:
    """Service → today's price: of the tariffs in force, the newest of each service."""
    return {service: price for service, tariff_category, valid_from, price in tariffs_all()
            if tariff_category == category and valid_from <= today}  # ascending: newest wins
