"""Money is Decimal roubles everywhere; this is the one place that rounds it. And how money
and volumes are written: grouped thousands (1 234,56), a minus sign for a negative figure
(−396,51, not a hyphen), in the active language."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import pgettext

MINUS = "\N{MINUS SIGN}"

KOPECK = Decimal("0.01")


def to_roubles(value: Decimal | int | str) -> Decimal:
    """Round to whole kopecks, half up, as a receipt does."""
    return Decimal(value).quantize(KOPECK, rounding=ROUND_HALF_UP)


def to_kopecks(value: Decimal) -> int:
    """For the bank boundary and the payment QR code only."""
    return int(to_roubles(value) * 100)


def money_text(value: Decimal | int | str) -> str:
    """Roubles with kopecks as the active language writes them: «1 234,56 ₽», «−396,51 ₽»."""
    return f"{_figures(to_roubles(value), places=2)}\N{NO-BREAK SPACE}₽"


def volume_figures(value: Decimal, *, trimmed: bool = False) -> str:
    """A volume's figures: «1 234,500» with a reading's three places, or trimmed of the
    zeros that say nothing («1 234,5», «12»), as a consumption is told."""
    if trimmed:
        text = format(value.quantize(Decimal("0.001")), "f")
        text = text.rstrip("0").rstrip(".") if "." in text else text
        places = len(text.partition(".")[2])
        return _figures(Decimal(text), places=places)
    return _figures(value, places=3)


def volume_text(value: Decimal, *, trimmed: bool = False) -> str:
    """«1 234,500 м³» (m³ in English)."""
    unit = pgettext("unit of volume", "m³")
    return f"{volume_figures(value, trimmed=trimmed)}\N{NO-BREAK SPACE}{unit}"


def _figures(value: Decimal, *, places: int) -> str:
    text = number_format(abs(value), decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"{MINUS}{text}" if value < 0 else text
