"""A bar chart of a year's charges, month by month and stacked by service, drawn as SVG.

The geometry is computed here and the template only draws it: no JavaScript,
no chart library, and it prints.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .models import Service
from .selectors import MonthStatement, YearTotal

WIDTH, HEIGHT = 480, 220
LEFT, BOTTOM, TOP = 44, 22, 8
# Colour per service, as in the legend; they stay apart for colour-blind readers too.
COLOURS = {Service.COLD_WATER: "#0a6ebd", Service.SEWERAGE: "#e08a00"}


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    period: date
    service: str
    amount: Decimal


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, roubles)
    columns: list[tuple[float, date]]  # (x of the label, period)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    left: int = LEFT


def monthly_chart(months: list[MonthStatement]) -> Chart | None:
    """A year's charges, month by month, stacked by service."""
    return stacked_monthly_chart({m.period: _by_service(m) for m in months},
                                 colours=COLOURS)


def yearly_chart(totals: list[YearTotal]) -> Chart | None:
    """Charges per year, stacked by service (a year drawn where a month would be)."""
    by_year: dict[date, dict[str, Decimal]] = {}
    for total in totals:
        by_year.setdefault(date(total.year, 1, 1), {})[total.service] = max(total.amount,
                                                                          Decimal(0))
    # A few years would sit in the corner of a twelve-column chart: give each more room.
    return stacked_monthly_chart(by_year, colours=COLOURS, columns=max(len(by_year), 4))


def stacked_monthly_chart(totals: dict[date, dict[str, Decimal]], *,
                          colours: dict[str, str], columns: int = 12) -> Chart | None:
    """Up to `columns` periods, oldest on the left; each one's values stacked in `colours` order."""
    periods = sorted(totals)[-columns:]
    slot = (WIDTH - LEFT) / columns
    top = max((sum(totals[p].values()) for p in periods), default=Decimal(0))
    if top <= 0:
        return None
    scale = _nice_ceiling(top)
    plot = HEIGHT - BOTTOM - TOP
    bars, labels = [], []
    for index, period in enumerate(periods):
        x = LEFT + index * slot
        labels.append((x + slot / 2, period))
        stacked = Decimal(0)
        for series, colour in colours.items():
            amount = totals[period].get(series, Decimal(0))
            height = float(amount / scale) * plot
            y = HEIGHT - BOTTOM - float(stacked / scale) * plot - height
            bars.append(Bar(x=x + slot * 0.15, y=y, width=slot * 0.7, height=height,
                            colour=colour, period=period, service=series, amount=amount))
            stacked += amount
    ticks = [(HEIGHT - BOTTOM - plot * share, int(scale * Decimal(share)))
             for share in (0, 0.5, 1)]
    return Chart(bars=bars, ticks=ticks, columns=labels)


def _by_service(month: MonthStatement) -> dict[str, Decimal]:
    amounts = dict.fromkeys(Service.values, Decimal(0))
    for line in month.lines:
        amounts[line.service] += max(line.amount + line.recalculation, Decimal(0))
    return amounts


def _nice_ceiling(value: Decimal) -> Decimal:
    """The next 1, 2 or 5 × 10ⁿ at or above `value`, so the axis reads in round numbers."""
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude
