"""Meters' hand-written SQL, for the reading submission, which missed its bar through the
ORM (docs/performance.md): the meters with their previous and this month's value, and
the write of a submission in one statement. Names from the models (docs/architecture.md,
"SQL")."""

from datetime import date
from decimal import Decimal

from django.db import connection

from vodokanal.sql import Names

from .models import Meter, Reading

# This month's value is the meter's latest reading up to this month when that is of this
# month. Asked for as `period = this month`, PostgreSQL went by the month's index: its
# statistics, which a month's readings do not bring up to date, say the month is empty,
# and at the month-end rush it read the whole month's readings for each meter. "The
# latest up to" can only take the meter's own (meter, period) index.
_STATES = """
SELECT m.*,
       (SELECT r.{r.value} FROM {r.table} r WHERE r.{r.meter} = m.{m.id}
           AND r.{r.period} < %(period)s ORDER BY r.{r.period} DESC LIMIT 1) AS previous_value,
       (SELECT r.{r.period} FROM {r.table} r WHERE r.{r.meter} = m.{m.id}
           AND r.{r.period} < %(period)s ORDER BY r.{r.period} DESC LIMIT 1) AS previous_period,
       (SELECT r.{r.period} FROM {r.table} r WHERE r.{r.meter} = m.{m.id}
           AND r.{r.period} <= %(period)s ORDER BY r.{r.period} DESC LIMIT 1) AS latest_period,
       (SELECT r.{r.value} FROM {r.table} r WHERE r.{r.meter} = m.{m.id}
           AND r.{r.period} <= %(period)s ORDER BY r.{r.period} DESC LIMIT 1) AS latest_value
  FROM {m.table} m
 WHERE {which}
 ORDER BY m.{m.water}, m.{m.serial}
"""


def _states(which: str) -> str:
    return _STATES.format(r=Names(Reading), m=Names(Meter), which=which)


def account_meters_with_values(*, account_id: int, period: date) -> list[Meter]:
    """The account's meters in place, each with previous_value, previous_period,
    latest_period and latest_value."""
    m = Names(Meter)
    which = f"m.{m.account} = %(account)s AND m.{m.removed_on} IS NULL"
    return list(Meter.objects.raw(_states(which), {"period": period, "account": account_id}))


def meters_with_values(*, meter_ids: list[int], period: date) -> list[Meter]:
    """These meters, each with the same four values."""
    which = f"m.{Names(Meter).id} = ANY(%(ids)s)"
    return list(Meter.objects.raw(_states(which), {"period": period, "ids": meter_ids}))


def readings_record(*, readings: list[tuple[int, Decimal, Decimal, bool]], period: date,
                    source: str, user_id: int, audit: tuple[str, dict],
                    cabinets: tuple[str, dict]) -> None:
    """Add or correct the (meter, value, consumption, high) readings of `period`, with the
    audit row and the cabinets' versions that accounts and vodokanal hand over as SQL: all
    in one statement, one round trip, at the month-end rush."""
    r = Names(Reading)
    statement = _RECORD.format(r=r, audit=audit[0], cabinets=cabinets[0])
    meters, values, consumptions, high = (list(column) for column in zip(*readings, strict=True))
    with connection.cursor() as cursor:
        cursor.execute(statement, {
            "period": period, "source": source, "user": user_id, "meters": meters,
            "values": values, "consumptions": consumptions, "high": high,
            **audit[1], **cabinets[1]})


_RECORD = """
WITH readings AS (
    INSERT INTO {r.table} ({r.meter}, {r.period}, {r.value}, {r.consumption},
                           {r.high_consumption}, {r.reviewed}, {r.source}, {r.submitted_by},
                           {r.submitted_at})
    SELECT sent.meter_id, %(period)s, sent.value, sent.consumption, sent.high, false,
           %(source)s, %(user)s, now()
      FROM unnest(%(meters)s::bigint[], %(values)s::numeric[], %(consumptions)s::numeric[],
                  %(high)s::boolean[]) AS sent (meter_id, value, consumption, high)
        ON CONFLICT ({r.meter}, {r.period}) DO UPDATE
       SET {r.value} = EXCLUDED.{r.value}, {r.consumption} = EXCLUDED.{r.consumption},
           {r.high_consumption} = EXCLUDED.{r.high_consumption}, {r.reviewed} = false,
           {r.source} = EXCLUDED.{r.source}, {r.submitted_by} = EXCLUDED.{r.submitted_by},
           {r.submitted_at} = EXCLUDED.{r.submitted_at}
), audit AS (
    {audit}
)
{cabinets}
"""
