"""Writes to billing data. Balances are derived from charges and payments, never typed in."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from accounts.services import personal_accounts_changed
from vodokanal.audit import audit_record

from .models import Tariff
from .signals import tariff_published

ZERO = Decimal("0.00")


@transaction.atomic
def tariff_publish(*, tariff: Tariff, actor) -> bool:
    """Announce a tariff to the subscribers who asked; False if it was announced before."""
    claimed = Tariff.objects.filter(pk=tariff.pk, published_at=None).update(
        published_at=timezone.now())
    if claimed:
        audit_record(action="billing.tariff_published", actor=actor, tariff=tariff.pk,
                     price=str(tariff.price), valid_from=tariff.valid_from.isoformat())
        # Listeners (support's notices) run once the publication is committed.
        transaction.on_commit(lambda: tariff_published.send(sender=Tariff, tariff_id=tariff.pk))
    return bool(claimed)


@transaction.atomic
def balances_rebuild(*, account_ids: Iterable[int],
                     since: Mapping[int, date] | None = None) -> None:
    """Recompute the monthly balances of these accounts from their charges and payments.

    `since` names, per account, the first month whose movements changed: the months
    before it stay as they are, so an import of a new month rewrites that month only.
    Without it, everything is recomputed. It is done in SQL, as an import may touch
    100,000 accounts. A partial rebuild trusts the months before `since`, which every
    change goes through here to keep right; a test holds a partial rebuild equal to a
    whole one.
    """
    account_ids = list(account_ids)
    params = {"ids": account_ids,
              "since": [(since or {}).get(pk, date.min) for pk in account_ids]}
    with connection.cursor() as cursor:
        # The rebuild's plan runs once per account and is costed as huge, so PostgreSQL
        # JIT-compiles it with full optimisation: about 0.8 s for 100,000 accounts, more
        # than it saves. The setting lasts to the end of the transaction, whose other
        # statements (the import's upsert is before this) are small.
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(_DELETE_SQL, params)
        cursor.execute(_REBUILD_SQL, params)
    personal_accounts_changed(account_ids=account_ids)


# The accounts and the first month to recompute of each come as two arrays (an import
# may name more accounts than PostgreSQL takes parameters). The stale rows are found
# account by account, in the (account, period) index: joined as a set, 100,000 accounts
# made PostgreSQL hash the whole table, every month of history, to delete none.
# OFFSET 0 keeps it from flattening the look-up back into such a join.
_DELETE_SQL = """
DELETE FROM billing_monthlybalance
 WHERE id = ANY (ARRAY(
       SELECT stale.id
         FROM unnest(%(ids)s::bigint[], %(since)s::date[]) AS t (account_id, since)
        CROSS JOIN LATERAL (SELECT id FROM billing_monthlybalance
                             WHERE account_id = t.account_id AND period >= t.since
                            OFFSET 0) AS stale))
"""

# Account by account, each from an index range of its charges and payments: every
# month from the first to recompute (the month after the last one kept, or the first
# movement) to the last movement, gaps included. The closing balance is the last kept
# closing plus the running sum of (charged + recalculated - paid).
_REBUILD_SQL = """
INSERT INTO billing_monthlybalance
       (account_id, period, opening, charged, recalculated, paid, closing)
SELECT t.account_id, m.period, m.closing - m.moved, m.charged, m.recalculated, m.paid,
       m.closing
  FROM unnest(%(ids)s::bigint[], %(since)s::date[]) AS t (account_id, since)
  LEFT JOIN LATERAL (
       SELECT period, closing FROM billing_monthlybalance
        WHERE account_id = t.account_id AND period < t.since
        ORDER BY period DESC LIMIT 1) kept ON true
 CROSS JOIN LATERAL (
       SELECT months.period, months.charged, months.recalculated, months.paid,
              months.charged + months.recalculated - months.paid AS moved,
              coalesce(kept.closing, 0) + sum(months.charged + months.recalculated
                                              - months.paid) OVER (ORDER BY months.period)
                  AS closing
         FROM (SELECT period, sum(charged) AS charged, sum(recalculated) AS recalculated,
                      sum(paid) AS paid
                 FROM (SELECT period, amount AS charged, recalculation AS recalculated,
                              0 AS paid
                         FROM billing_charge
                        WHERE account_id = t.account_id AND period >= t.since
                       UNION ALL
                       SELECT date_trunc('month', paid_on)::date, 0, 0, amount
                         FROM billing_paymentreceived
                        WHERE account_id = t.account_id AND paid_on >= t.since
                       UNION ALL  -- every month to recompute, with movements or not
                       SELECT generate_series(coalesce(
                                  (kept.period + interval '1 month')::date,
                                  least((SELECT min(period) FROM billing_charge
                                          WHERE account_id = t.account_id
                                            AND period >= t.since),
                                        (SELECT date_trunc('month', min(paid_on))::date
                                           FROM billing_paymentreceived
                                          WHERE account_id = t.account_id
                                            AND paid_on >= t.since))),
                              greatest((SELECT max(period) FROM billing_charge
                                         WHERE account_id = t.account_id),
                                       (SELECT date_trunc('month', max(paid_on))::date
                                          FROM billing_paymentreceived
                                         WHERE account_id = t.account_id)),
                              interval '1 month')::date, 0, 0, 0
                      ) AS movements
                GROUP BY period) AS months) AS m
"""
