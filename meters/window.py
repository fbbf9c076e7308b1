"""The monthly reading window (by default the 15th to the 25th, set by staff), and the
month a reading sent on a given day counts in."""

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


def reading_period(*, today: date, rules: ReadingRules) -> date | None:
    """The month a reading sent today counts in: the window's month while it is open, and
    outside it the next window's month (a reading after the 25th counts in the next
    month's bill), unless staff turned late readings off: then None."""
    upcoming = next_window(today=today, rules=rules)
    if upcoming.is_open(today) or rules.late_readings_accepted:
        return upcoming.period
    return None


@dataclass(frozen=True)
class WindowToday:
    """The window as a reading sent today meets it: the next window (this month's until it
    closes), whether it is open, and the month a reading counts in (None: not taken)."""

    today: date
    next: ReadingWindow
    is_open: bool
    reading_period: date | None

    @property
    def days_left(self) -> int:
        """Days readings are still taken in the window, today included."""
        return (self.next.closes - self.today).days + 1


def window_today(*, today: date, rules: ReadingRules) -> WindowToday:
    return WindowToday(today, next_window(today=today, rules=rules),
                       window_of_month(today=today, rules=rules).is_open(today),
                       reading_period(today=today, rules=rules))
