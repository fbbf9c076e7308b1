"""Writes to billing data. Balances are derived from charges and payments, never typed in."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from vodokanal.audit import audit_record

from .models import Charge, MonthlyBalance, PaymentReceived, Tariff
from .periods import add_months, month_start
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
def balances_rebuild(*, account_ids: list[int]) -> None:
    """Recompute the monthly balances of these accounts from their charges and payments.

    PostgreSQL does it in one statement (an import may touch 100,000 accounts);
    elsewhere the same arithmetic runs in Python. A test holds the two equal.
    """
    if connection.vendor == "postgresql":
        _balances_rebuild_sql(account_ids)
    else:
        _balances_rebuild_python(account_ids)


def _balances_rebuild_python(account_ids: list[int]) -> None:
    months = _monthly_totals(account_ids)
    MonthlyBalance.objects.filter(account_id__in=account_ids).delete()
    rows = [row for account_id, totals in months.items() for row in _running(account_id, totals)]
    MonthlyBalance.objects.bulk_create(rows, batch_size=5000)


# Every month from an account's first movement to its last, gaps included; the
# closing balance is the running sum of (charged + recalculated - paid).
_REBUILD_SQL = """
WITH movements AS (
    SELECT account_id, period, sum(amount) AS charged, sum(recalculation) AS recalculated,
           0::numeric AS paid
      FROM billing_charge WHERE account_id = ANY(%(ids)s) GROUP BY 1, 2
    UNION ALL
    SELECT account_id, date_trunc('month', paid_on)::date, 0, 0, sum(amount)
      FROM billing_paymentreceived WHERE account_id = ANY(%(ids)s) GROUP BY 1, 2
), monthly AS (
    SELECT account_id, period, sum(charged) AS charged, sum(recalculated) AS recalculated,
           sum(paid) AS paid
      FROM movements GROUP BY 1, 2
), months AS (
    SELECT account_id, generate_series(min(period), max(period), interval '1 month')::date
           AS period
      FROM monthly GROUP BY 1
), filled AS (
    SELECT m.account_id, m.period, coalesce(x.charged, 0) AS charged,
           coalesce(x.recalculated, 0) AS recalculated, coalesce(x.paid, 0) AS paid
      FROM months m LEFT JOIN monthly x USING (account_id, period)
)
INSERT INTO billing_monthlybalance
       (account_id, period, opening, charged, recalculated, paid, closing)
SELECT account_id, period,
       sum(charged + recalculated - paid) OVER running - (charged + recalculated - paid),
       charged, recalculated, paid, sum(charged + recalculated - paid) OVER running
  FROM filled
WINDOW running AS (PARTITION BY account_id ORDER BY period)
"""


def _balances_rebuild_sql(account_ids: list[int]) -> None:
    # One array parameter, not an IN list: an import may name more accounts than
    # PostgreSQL takes parameters.
    ids = {"ids": list(account_ids)}
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM billing_monthlybalance WHERE account_id = ANY(%(ids)s)", ids)
        cursor.execute(_REBUILD_SQL, ids)


def _monthly_totals(account_ids: list[int]) -> dict[int, dict[date, list[Decimal]]]:
    """account id → period → [charged, recalculated, paid]."""
    totals: dict[int, dict[date, list[Decimal]]] = defaultdict(
        lambda: defaultdict(lambda: [ZERO, ZERO, ZERO])
    )
    charges = Charge.objects.filter(account_id__in=account_ids)
    for account_id, period, amount, recalculation in charges.values_list(
        "account_id", "period", "amount", "recalculation"
    ):
        totals[account_id][period][0] += amount
        totals[account_id][period][1] += recalculation
    payments = PaymentReceived.objects.filter(account_id__in=account_ids)
    for account_id, paid_on, amount in payments.values_list("account_id", "paid_on", "amount"):
        totals[account_id][month_start(paid_on)][2] += amount
    return totals


def _running(account_id: int, totals: dict[date, list[Decimal]]) -> list[MonthlyBalance]:
    """One row for every month from the first with data to the last, gaps included."""
    rows, opening = [], ZERO
    period, last = min(totals), max(totals)
    while period <= last:
        charged, recalculated, paid = totals.get(period, (ZERO, ZERO, ZERO))
        closing = opening + charged + recalculated - paid
        rows.append(MonthlyBalance(account_id=account_id, period=period, opening=opening,
                                   charged=charged, recalculated=recalculated, paid=paid,
                                   closing=closing))
        opening, period = closing, add_months(period, 1)
    return rows
