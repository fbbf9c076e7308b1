"""Autopay: an account's debt charged to a remembered card, once a month.

The day after the month's charges are loaded a run is planned and its payer told the
amount (the debt, up to the rule's cap); a day later it is charged by the card's RebillId.
A declined charge is told and tried once more the next day. Exactly one charge an account
and month: a run is unique per (account, month), and a run is charged only by the one
scheduler that moves it from planned to charging; a bank that does not answer the charge
leaves it charging, and the status poll settles its order (a charge is never sent twice).
A run follows its order where every order moves: services.order_status_apply.
"""

import logging
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction

from accounts.cabinet import personal_accounts_changed
from accounts.models import PersonalAccount
from billing.selectors import account_summary, latest_charges
from vodokanal.audit import audit_record

from .gateways import gateway
from .gateways.base import GatewayUnavailable, InvalidSignature
from .models import AutopayRule, AutopayRun, BoundCard, PaymentOrder
from .services import PaymentShare, order_status_apply, payment_start
from .signals import autopay_planned

logger = logging.getLogger(__name__)
Run = AutopayRun.Status


def autopay_rule_set(*, user, account: PersonalAccount, card: BoundCard,
                     cap: Decimal) -> AutopayRule:
    """Turn the account's autopay on with this card and cap (or change them)."""
    if card.user_id != user.pk or card.removed_at is not None:
        raise ValueError("the card is not the login's")
    if not settings.PAYMENT_MIN_AMOUNT <= cap <= settings.PAYMENT_MAX_AMOUNT:
        raise ValueError(f"a cap of {cap} is outside the payments' range")
    rule, _made = AutopayRule.objects.update_or_create(
        account=account, defaults={"user": user, "card": card, "cap": cap, "active": True})
    audit_record(action="payments.autopay_on", actor=user, account=account.number,
                 cap=str(cap), card=card.pan)
    personal_accounts_changed(account_ids=[account.pk])  # the tabs tell of autopay
    return rule


def autopay_rule_off(*, user, account: PersonalAccount) -> None:
    """Off, and this month's planned run with it."""
    with transaction.atomic():
        AutopayRule.objects.filter(account=account).update(active=False)
        AutopayRun.objects.filter(account=account, status=Run.PLANNED).update(
            status=Run.SKIPPED)
        personal_accounts_changed(account_ids=[account.pk])
    audit_record(action="payments.autopay_off", actor=user, account=account.number)


def autopay_skip(*, user, account: PersonalAccount, run_id: int) -> bool:
    """Skip the account's run of a month, if it has not been sent to the bank."""
    run = AutopayRun.objects.filter(account=account, pk=run_id).first()
    skipped = run is not None and AutopayRun.objects.filter(
        pk=run.pk, status__in=[Run.PLANNED, Run.FAILED]).update(status=Run.SKIPPED)
    if skipped:
        personal_accounts_changed(account_ids=[account.pk])
        audit_record(action="payments.autopay_skipped", actor=user, account=account.number,
                     period=str(run.period))
    return bool(skipped)


def autopay_plan(*, today: date) -> int:
    """Plan a run for each active rule whose account's latest charges have none, charged
    tomorrow; its payer is told now. Runs twice or at once: one run a month all the same."""
    planned = 0
    rules = AutopayRule.objects.filter(active=True, card__removed_at=None).select_related(
        "account", "card")
    for rule in rules:
        latest = latest_charges(account=rule.account)
        if latest is None or AutopayRun.objects.filter(account=rule.account,
                                                       period=latest.period).exists():
            continue
        period = latest.period
        amount = min(account_summary(account=rule.account).to_pay, rule.cap)
        status = Run.PLANNED if amount >= settings.PAYMENT_MIN_AMOUNT else Run.NOTHING
        try:
            with transaction.atomic():
                run = AutopayRun.objects.create(
                    rule=rule, account=rule.account, period=period, charge_on=today
                    + timedelta(days=1), amount=max(amount, Decimal(0)), status=status)
        except IntegrityError:
            continue  # another planner made it at the same moment
        if status == Run.PLANNED:
            planned += 1
            personal_accounts_changed(account_ids=[rule.account_id])
            transaction.on_commit(lambda pk=run.pk: autopay_planned.send(AutopayRun, run_id=pk))
    return planned


def autopay_charge_due(*, today: date) -> int:
    """Charge the runs due today (planned, or declined once and due again)."""
    due = AutopayRun.objects.filter(status__in=[Run.PLANNED, Run.FAILED], charge_on__lte=today)
    return sum(_charge(run) for run in due.select_related("rule__card", "rule__user",
                                                           "account"))


def _charge(run: AutopayRun) -> bool:
    """Claim the run (one scheduler only), start a payment and charge the card by it."""
    if not AutopayRun.objects.filter(pk=run.pk, status=run.status).update(status=Run.CHARGING):
        return False  # another scheduler has it
    rule, card = run.rule, run.rule.card
    # The rule as it is now: a cap lowered after the notice holds for this month too.
    amount = min(run.amount, rule.cap, account_summary(account=run.account).to_pay)
    if not rule.active or card.removed_at is not None or amount < settings.PAYMENT_MIN_AMOUNT:
        AutopayRun.objects.filter(pk=run.pk).update(
            status=Run.SKIPPED if not rule.active or card.removed_at else Run.NOTHING)
        personal_accounts_changed(account_ids=[run.account_id])
        return False
    try:
        order = payment_start(user=rule.user, shares=[PaymentShare(run.account, amount)],
                              bank=card.gateway, method=PaymentOrder.Method.AUTOPAY)
    except GatewayUnavailable as error:  # nothing charged: the next round tries again
        logger.warning("Autopay %s not started: %s", run.pk, error)
        AutopayRun.objects.filter(pk=run.pk).update(status=run.status)
        return False
    AutopayRun.objects.filter(pk=run.pk).update(order=order, attempts=run.attempts + 1,
                                                amount=amount)
    try:
        status = gateway(card.gateway).charge(order_id=order.order_id,
                                              payment_id=order.bank_payment_id,
                                              rebill_id=card.rebill_id)
    except (GatewayUnavailable, InvalidSignature) as error:
        # Charged or not, nobody knows yet: the run stays charging, and the status poll
        # asks the bank about its order (poll_stuck_orders); it is never charged again.
        logger.warning("Autopay %s: the bank did not answer the charge: %s", run.pk, error)
        return True
    order_status_apply(gateway_name=card.gateway, status=status, source="charge")
    return True
