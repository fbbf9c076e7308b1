"""Writes to billing data. Balances are derived from charges and payments, never typed in."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db import transaction

from .models import Charge, MonthlyBalance, PaymentReceived
from .periods import add_months, month_start

ZERO = Decimal("0.00")


@transaction.atomic
def balances_rebuild(*, account_ids: list[int]) -> int:
    """Recompute the monthly balances of these accounts from their charges and payments."""
    months = _monthly_totals(account_ids)
    MonthlyBalance.objects.filter(account_id__in=account_ids).delete()
    rows = [row for account_id, totals in months.items() for row in _running(account_id, totals)]
    MonthlyBalance.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


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
