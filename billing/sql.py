"""Billing's hand-written SQL: the balances' rebuild, a bulk path (an import may touch
100,000 accounts). Tables and columns are named from the models (docs/architecture.md,
"SQL"); it writes only billing's own table of balances."""

from datetime import date

from django.db import connection

from vodokanal.sql import Names

from .models import Charge, MonthlyBalance, PaymentReceived


def balances_rebuild(account_ids: list[int], since: list[date]) -> None:
    """Delete each account's balances from its month in `since` on, and write them again."""
    names = {"b": Names(MonthlyBalance), "c": Names(Charge), "p": Names(PaymentReceived)}
    params = {"ids": account_ids, "since": since}
    with connection.cursor() as cursor:
        # The rebuild's plan runs once per account and is costed as huge, so PostgreSQL
        # JIT-compiles it with full optimisation, which costs more than it saves. The
        # setting lasts to the end of the transaction, whose other statements (the
        # import's upsert is before this) are small.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(_DELETE.format(**names), params)
        cursor.execute(_REBUILD.format(**names), params)


# The accounts and the first month to recompute of each come as two arrays (an import
# may name more accounts than PostgreSQL takes parameters). The stale rows are found
# account by account, in the (account, period) index: joined as a set, 100,000 accounts
# made PostgreSQL hash the whole table, every month of history, to delete none.
# OFFSET 0 keeps it from flattening the look-up back into such a join.
_DELETE = """
DELETE FROM {b.table}
 WHERE {b.id} = ANY (ARRAY(
       SELECT stale.id
         FROM unnest(%(ids)s::bigint[], %(since)s::date[]) AS t (account_id, since)
        CROSS JOIN LATERAL (SELECT {b.id} AS id FROM {b.table}
                             WHERE {b.account} = t.account_id AND {b.period} >= t.since
                            OFFSET 0) AS stale))
"""

# Account by account, each from an index range of its charges and payments: every
# month from the first to recompute (the month after the last one kept, or the first
# movement) to the last movement, gaps included. The closing balance is the last kept
# closing plus the running sum of (charged + recalculated - paid).
_REBUILD = """
INSERT INTO {b.table}
       ({b.account}, {b.period}, {b.opening}, {b.charged}, {b.recalculated}, {b.paid},
        {b.closing})
SELECT t.account_id, m.period, m.closing - m.moved, m.charged, m.recalculated, m.paid,
       m.closing
  FROM unnest(%(ids)s::bigint[], %(since)s::date[]) AS t (account_id, since)
  LEFT JOIN LATERAL (
       SELECT {b.period} AS period, {b.closing} AS closing FROM {b.table}
        WHERE {b.account} = t.account_id AND {b.period} < t.since
        ORDER BY {b.period} DESC LIMIT 1) kept ON true
 CROSS JOIN LATERAL (
       SELECT months.period, months.charged, months.recalculated, months.paid,
              months.charged + months.recalculated - months.paid AS moved,
              coalesce(kept.closing, 0) + sum(months.charged + months.recalculated
                                              - months.paid) OVER (ORDER BY months.period)
                  AS closing
         FROM (SELECT period, sum(charged) AS charged, sum(recalculated) AS recalculated,
                      sum(paid) AS paid
                 FROM (SELECT {c.period} AS period, {c.amount} AS charged,
                              {c.recalculation} AS recalculated, 0 AS paid
                         FROM {c.table}
                        WHERE {c.account} = t.account_id AND {c.period} >= t.since
                       UNION ALL
                       SELECT date_trunc('month', {p.paid_on})::date, 0, 0, {p.amount}
                         FROM {p.table}
                        WHERE {p.account} = t.account_id AND {p.paid_on} >= t.since
                       UNION ALL  -- every month to recompute, with movements or not
                       SELECT generate_series(coalesce(
                                  (kept.period + interval '1 month')::date,
                                  least((SELECT min({c.period}) FROM {c.table}
                                          WHERE {c.account} = t.account_id
                                            AND {c.period} >= t.since),
                                        (SELECT date_trunc('month', min({p.paid_on}))::date
                                           FROM {p.table}
                                          WHERE {p.account} = t.account_id
                                            AND {p.paid_on} >= t.since))),
                              greatest((SELECT max({c.period}) FROM {c.table}
                                         WHERE {c.account} = t.account_id),
                                       (SELECT date_trunc('month', max({p.paid_on}))::date
                                          FROM {p.table}
                                         WHERE {p.account} = t.account_id)),
                              interval '1 month')::date, 0, 0, 0
                      ) AS movements
                GROUP BY period) AS months) AS m
"""
