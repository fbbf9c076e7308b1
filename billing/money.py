"""Money is Decimal roubles everywhere; this is the one place that rounds it."""

from decimal import ROUND_HALF_UP, Decimal

KOPECK = Decimal("0.01")


def to_roubles(value: Decimal | int | str) -> Decimal:
    """Round to whole kopecks, half up, as a receipt does."""
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


def to_kopecks(value: Decimal) -> int:
    """For the bank boundary and the payment QR code only."""
    return int(to_roubles(value) * 100)
