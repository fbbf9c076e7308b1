"""The monthly reading window (by default the 15th to the 25th, set by staff)."""

from dataclasses import dataclass
from datetime import date

from billing.periods import add_months

from .models import ReadingRules


@dataclass(frozen=True)
class ReadingWindow:
    opens: date
    closes: date

    @property
    def period(self) -> date:
        return self.opens.replace(day=1)

    def is_open(self, today: date) -> bool:
        return self.opens <= today <= self.closes


def window_of_month(*, today: date, rules: ReadingRules) -> ReadingWindow:
    return ReadingWindow(opens=today.replace(day=rules.opens_on_day),
                         closes=today.replace(day=rules.closes_on_day))


def next_window(*, today: date, rules: ReadingRules) -> ReadingWindow:
    """This month's window if it has not closed yet, else next month's."""
    this_month = window_of_month(today=today, rules=rules)
    if today <= this_month.closes:
        return this_month
    return window_of_month(today=add_months(today.replace(day=1), 1), rules=rules)
