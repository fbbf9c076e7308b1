"""Money is Decimal roubles everywhere; this is the one place that rounds it."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

KOPECK = Decimal("0.01")


def to_roubles(value: Decimal | int | str) -> Decimal:
    """Round to whole kopecks, half up, as a receipt does."""
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


def to_kopecks(value: Decimal) -> int:
    """For the bank boundary and the payment QR code only."""
    return int(to_roubles(value) * 100)


def money_text(value: Decimal | int | str) -> str:
    """Roubles with kopecks as the active language writes them: «1 234,56 ₽»."""
    roubles = number_format(to_roubles(value), decimal_pos=2, use_l10n=True,
                            force_grouping=True)
    return f"{roubles}\N{NO-BREAK SPACE}₽"
