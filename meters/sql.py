"""Meters' hand-written SQL: the meters with their previous and this month's value, which
every reading submission and every Meters tab reads. Through the ORM (building and
compiling the subqueries) the reading submission missed its bar (docs/performance.md)."""

from datetime import date

from .models import Meter

# This month's value is the meter's latest reading up to this month when that is of this
# month. Asked for as `period = this month`, PostgreSQL went by the month's index: its
# statistics, which a month's readings do not bring up to date, say the month is empty,
# and at the month-end rush it read the whole month's readings for each meter. "The
# latest up to" can only take the meter's own (meter, period) index.
_STATES = """
SELECT m.*,
       (SELECT r.value FROM meters_reading r WHERE r.meter_id = m.id AND r.period < %(period)s
         ORDER BY r.period DESC LIMIT 1) AS previous_value,
       (SELECT r.period FROM meters_reading r WHERE r.meter_id = m.id AND r.period <= %(period)s
         ORDER BY r.period DESC LIMIT 1) AS latest_period,
       (SELECT r.value FROM meters_reading r WHERE r.meter_id = m.id AND r.period <= %(period)s
         ORDER BY r.period DESC LIMIT 1) AS latest_value
  FROM meters_meter m
 WHERE {which}
 ORDER BY m.water, m.serial
"""


def account_meters_with_values(*, account_id: int, period: date) -> list[Meter]:
    """The account's meters in place, each with previous_value, latest_period and
    latest_value."""
    which = "m.account_id = %(account)s AND m.removed_on IS NULL"
    return list(Meter.objects.raw(_STATES.format(which=which),
                                  {"period": period, "account": account_id}))


def meters_with_values(*, meter_ids: list[int], period: date) -> list[Meter]:
    """These meters, each with the same three values."""
    return list(Meter.objects.raw(_STATES.format(which="m.id = ANY(%(ids)s)"),
                                  {"period": period, "ids": meter_ids}))
