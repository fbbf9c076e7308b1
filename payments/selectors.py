"""Read side of payments: every lookup is scoped to the payer: the logged-in login, or the
browser that paid without one (its session keeps the orders it started)."""

from dataclasses import dataclass
from datetime import date

from django.http import Http404, HttpRequest

from .models import AutopayRule, AutopayRun, BoundCard, PaymentOrder

GUEST_ORDERS = "payments:guest_orders"  # the session's list of orders paid without a login


def order_get_for_visitor(*, request: HttpRequest, order_id: str) -> PaymentOrder:
    """The login's own order, or one this browser paid without a login; else a 404."""
    if request.user.is_authenticated:
        order = PaymentOrder.objects.filter(order_id=order_id, user=request.user).first()
        if order is not None:
            return order
    if order_id in request.session.get(GUEST_ORDERS, []):
        return PaymentOrder.objects.get(order_id=order_id, user=None)
    raise Http404


def cards_for_user(*, user) -> list[BoundCard]:
    """The login's cards the bank keeps bound, newest first."""
    return list(BoundCard.objects.filter(user=user, removed_at=None))


def autopay_of_accounts(*, accounts: list) -> list[dict]:
    """Each account with its autopay rule (or None) and its latest runs, newest first."""
    rules = {rule.account_id: rule for rule in AutopayRule.objects.filter(
        account__in=accounts).select_related("card")}
    runs: dict[int, list[AutopayRun]] = {}
    for run in AutopayRun.objects.filter(account__in=accounts).select_related("order")[:100]:
        runs.setdefault(run.account_id, []).append(run)
    return [{"account": account, "rule": rules.get(account.pk),
             "runs": runs.get(account.pk, [])[:6]} for account in accounts]


@dataclass(frozen=True)
class AutopayNext:
    """What a resident should know of the account's autopay now: the rule, and the charge
    planned (None: nothing planned yet; it is planned when the month's charges come)."""

    rule: AutopayRule
    run: AutopayRun | None


def autopay_next(*, account, today: date) -> AutopayNext | None:
    """None when the account has no autopay on."""
    rule = (AutopayRule.objects.filter(account=account, active=True, card__removed_at=None)
            .select_related("card").first())
    if rule is None:
        return None
    run = (AutopayRun.objects.filter(rule=rule, status__in=[AutopayRun.Status.PLANNED,
                                                            AutopayRun.Status.FAILED],
                                     charge_on__gte=today).order_by("charge_on").first())
    return AutopayNext(rule, run)
