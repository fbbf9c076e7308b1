"""The estimated charge for what the meters counted, at today's tariffs.

Sewerage is billed on all the water that went down the drain: cold and hot
(hot water is supplied by another company, but it leaves through our pipes).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from billing.models import Service, Tariff
from billing.money import to_roubles


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
    return Estimate(cold=cold, hot=hot,
                    cold_tariff=_price(Service.COLD_WATER, category, today),
                    sewerage_tariff=_price(Service.SEWERAGE, category, today))


def _price(service: str, category: str, today: date) -> Decimal | None:
    return (Tariff.objects.filter(service=service, category=category, valid_from__lte=today)
            .order_by("-valid_from").values_list("price", flat=True).first())
