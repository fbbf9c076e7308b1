"""Paying through the bank: the order before the redirect, money credited once on confirmation.

Only the bank's signed notification (or its answer to our own status query)
moves an order on; the page the customer returns to only shows the status.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, OperationalError, transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import RedisError

from accounts.cabinet import personal_accounts_changed
from accounts.models import PersonalAccount
from billing.models import PaymentReceived
from billing.money import to_kopecks
from billing.services import balances_rebuild, payments_receipt_url_set
from vodokanal.audit import audit_record
from vodokanal.throttle import attempt_allowed

from . import tasks
from .fiscal import FiscalReceipt, fiscal_receipt
from .gateways import GATEWAYS, gateway, sbp_bank
from .gateways.base import BankStatus, CardOnFile, GatewayUnavailable, InvalidSignature
from .models import (
    AutopayRule,
    AutopayRun,
    BankNotification,
    BoundCard,
    PaymentOrder,
    PaymentOrderEvent,
    PaymentOrderLine,
)
from .signals import autopay_failed, payment_confirmed

logger = logging.getLogger(__name__)
Status = PaymentOrder.Status
GATEWAY_NAMES = frozenset(GATEWAYS)

# How far along each status is; a notification never moves an order back.
_RANK = {Status.NEW: 0, Status.FAILED: 0, Status.AUTHORIZED: 1, Status.CONFIRMED: 2,
         Status.REJECTED: 2, Status.REVERSED: 3, Status.REFUNDED: 3}
AUTOPAY_ATTEMPTS = 2  # a declined autopay charge is tried once more, the next day
FINAL = (Status.CONFIRMED, Status.REJECTED, Status.REVERSED, Status.REFUNDED)
REFUNDABLE = (Status.CONFIRMED, Status.REVERSED, Status.REFUNDED)


@dataclass(frozen=True)
class PaymentShare:
    account: PersonalAccount
    amount: Decimal


def notification_url(gateway_name: str) -> str:
    """Where the bank posts the payment's outcome: the public site unless the bank reaches
    the web service by another address (PAYMENT_NOTIFICATION_BASE_URL)."""
    base = settings.PAYMENT_NOTIFICATION_BASE_URL or settings.SITE_URL
    return f"{base.rstrip('/')}{reverse('payments:notification', args=[gateway_name])}"


class NoReceiptContact(Exception):
    """Neither an e-mail nor a phone to send the fiscal receipt to: the bank would refuse."""


SBP_MIN_AMOUNT = Decimal("10.00")  # the bank's floor for an SBP payment


def payment_start(*, user, shares: list[PaymentShare], bank: str | None = None,
                  method: str = PaymentOrder.Method.CARD, email: str = "",
                  remember_card: bool = False, via: str = "") -> PaymentOrder:
    """Save the order with its fiscal receipt (to `email`, else the login's e-mail, else
    its phone; a payer without a login, `user` None, gives `email`), then ask the bank for
    its page (a card payment: one of PAYMENT_BANKS, the first by default) or for its SBP QR
    code (the first bank that takes SBP). GatewayUnavailable: the order is FAILED. `via`
    names what asked when not the page (an API token), for the audit row. With
    `remember_card` (a login's card payment, at a bank that binds cards) the bank also binds
    the card, for autopay."""
    bank = _bank_for(method, bank)
    if remember_card and (user is None or method != PaymentOrder.Method.CARD
                          or not gateway(bank).binds_cards):
        raise ValueError(f"{bank} binds no card for this payment")
    email = email or getattr(user, "email", "")
    phone = "" if email else str(getattr(user, "phone", "") or "")
    if not email and not phone:
        raise NoReceiptContact
    receipt = fiscal_receipt(email=email, phone=phone, shares=shares)
    order = _order_create(user, shares, bank, method, receipt, via, payer_email=email,
                          remember_card=remember_card)
    try:
        started = _bank_start(order, shares, receipt)
        payload = (gateway(bank).sbp_qr(payment_id=started.payment_id)
                   if method == PaymentOrder.Method.SBP else "")
    except GatewayUnavailable as error:
        _move(order, Status.FAILED, "init", note=str(error)[:255])
        raise
    PaymentOrder.objects.filter(pk=order.pk).update(
        bank_payment_id=started.payment_id, payment_url=started.payment_url,
        sbp_payload=payload)
    order.bank_payment_id, order.payment_url = started.payment_id, started.payment_url
    order.sbp_payload = payload
    return order


def _bank_for(method: str, chosen: str | None) -> str:
    if method == PaymentOrder.Method.AUTOPAY:
        return chosen  # the bank that bound the card
    if method == PaymentOrder.Method.SBP:
        sbp = sbp_bank()
        if sbp is None:
            raise ValueError("no bank the portal offers takes SBP payments")
        return sbp.name
    bank = chosen or settings.PAYMENT_BANKS[0]
    if bank not in settings.PAYMENT_BANKS:
        raise ValueError(f"{bank} is not a bank the portal offers")
    return bank


def customer_key(user) -> str:
    """The login as the bank knows it, for the cards it binds."""
    return f"VK-U{user.pk}"


def _bank_start(order: PaymentOrder, shares: list[PaymentShare], receipt: FiscalReceipt):
    bank = gateway(order.gateway)
    back = f"{settings.SITE_URL}{reverse('payments:return', kwargs={'order_id': order.order_id})}"
    started = bank.start(
        order_id=order.order_id, amount_kopecks=to_kopecks(order.amount),
        description=_description(shares), return_url=back, receipt=receipt,
        notification_url=notification_url(order.gateway),
        customer_key=customer_key(order.user) if order.remember_card else "")
    if urlsplit(started.payment_url).netloc != bank.site:  # never send payers elsewhere
        logger.error("Bank %s sent a payment page elsewhere: %s", bank.site,
                     started.payment_url)
        raise GatewayUnavailable(f"the payment page is not on {bank.site}: "
                                 f"{started.payment_url}")
    return started


@transaction.atomic
def _order_create(user, shares: list[PaymentShare], bank: str, method: str,
                  receipt: FiscalReceipt, via: str, *, payer_email: str,
                  remember_card: bool) -> PaymentOrder:
    order = PaymentOrder.objects.create(remember_card=remember_card,
        order_id=f"VK-{uuid.uuid4().hex[:20]}", user=user, gateway=bank, method=method,
        payer_email="" if user else payer_email,
        amount=sum((share.amount for share in shares), Decimal(0)),
        fiscal_receipt=receipt.as_json())
    PaymentOrderLine.objects.bulk_create(
        PaymentOrderLine(order=order, account=share.account, amount=share.amount)
        for share in shares)
    PaymentOrderEvent.objects.create(order=order, status=Status.NEW, source="portal")
    audit_record(action="payments.order_created", actor=user, order=order.order_id,
                 amount=str(order.amount), accounts=[s.account.number for s in shares],
                 **({"via": via} if via else {}))
    return order


def _description(shares: list[PaymentShare]) -> str:
    numbers = ", ".join(share.account.number for share in shares)
    return f"Оплата водоснабжения и водоотведения, л/с {numbers}"


class NotificationNotApplied(Exception):
    """The notification could not be applied now (its order locked by another request, the
    database away): nothing of it was kept, so the bank's retry applies it."""


class NotificationLimited(Exception):
    """Too many unsigned hints from one client address: not looked at."""


def notification_receive(*, gateway_name: str, data: dict, client: str) -> str:
    """Take a bank notification from `client` (an address); returns what it did.

    A signed one is applied now (notification_apply). An unsigned one, which anyone can
    post, is only a hint: its payment is looked up at the bank by a task, once however many
    hints name it meanwhile, so that no forged hint holds a web worker on the bank's API;
    each client address may hint only so often (NotificationLimited)."""
    bank = gateway(gateway_name)
    if bank.signs_notifications:
        return notification_apply(gateway_name=gateway_name, data=data)
    payment_id = bank.notification_payment_id(data)
    if not attempt_allowed(scope="bank-hints", key=f"{gateway_name}:{client}",
                           limit=settings.PAYMENT_HINTS_PER_ADDRESS_PER_MINUTE,
                           window_seconds=60):
        raise NotificationLimited(client)
    try:
        if cache.add(_hint_key(gateway_name, payment_id), 1, timeout=HINT_PENDING_SECONDS):
            tasks.check_bank_hint.delay(gateway_name, payment_id, data)
    except (RedisError, KombuOperationalError) as error:  # nothing queued: the bank retries
        raise NotificationNotApplied(payment_id) from error
    return "queued"


# A hint's check waits in the queue this long at most before another hint queues one more.
HINT_PENDING_SECONDS = 300


def _hint_key(gateway_name: str, payment_id: str) -> str:
    return f"bank-hint:{gateway_name}:{payment_id}"


def notification_hint_check(*, gateway_name: str, payment_id: str, data: dict) -> str:
    """The queued check of a hint: a hint arriving from now on queues another one, as the
    bank's answer may have moved on since."""
    cache.delete(_hint_key(gateway_name, payment_id))
    try:
        return notification_apply(gateway_name=gateway_name, data=data)
    except InvalidSignature:  # the bank knows no such payment: kept for staff
        return "rejected"


def notification_apply(*, gateway_name: str, data: dict) -> str:
    """Verify and apply a bank notification. InvalidSignature: kept for staff in a bounded
    form, and re-raised; NotificationNotApplied: nothing kept, worth trying again.

    Its de-duplication row and the order's update are committed together: a notification
    whose update fails leaves no row behind to make the bank's retry a "duplicate"."""
    try:
        status = gateway(gateway_name).parse_notification(data)
    except InvalidSignature:
        _rejected_keep(gateway_name, data)
        raise
    except GatewayUnavailable as error:  # a bank that signs nothing did not answer our check
        logger.warning("Bank notification not checked, the bank will retry: %s", error)
        raise NotificationNotApplied(gateway_name) from error
    key = f"{gateway_name}:{status.payment_id}:{status.status}:{status.amount_kopecks}"
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():
                    stored = BankNotification.objects.create(key=key, payload=data,
                                                             signature_valid=True)
            except IntegrityError:
                return "duplicate"  # the same notice again, or at the same moment
            outcome = order_status_apply(gateway_name=gateway_name, status=status,
                                         source="notification")
            BankNotification.objects.filter(pk=stored.pk).update(
                outcome=outcome,
                order=PaymentOrder.objects.filter(order_id=status.order_id).first())
    except OperationalError as error:
        logger.warning("Bank notification %s not applied, the bank will retry: %s", key, error)
        raise NotificationNotApplied(key) from error
    return outcome


# What is kept of a notification that failed its signature: unauthenticated traffic, so
# a few fields, cut short, and only so many a minute.
_REJECTED_FIELDS, _REJECTED_CHARACTERS = 20, 100


def _rejected_keep(gateway_name: str, data: dict) -> None:
    logger.warning("Bank notification with a bad signature: %.64s", data.get("OrderId"))
    if not attempt_allowed(scope="bank-rejected", key=gateway_name, window_seconds=60,
                           limit=settings.PAYMENT_REJECTED_NOTIFICATIONS_KEPT_PER_MINUTE):
        return
    excerpt = {str(name)[:_REJECTED_CHARACTERS]: str(value)[:_REJECTED_CHARACTERS]
               for name, value in list(data.items())[:_REJECTED_FIELDS]
               if name != "Token" and not isinstance(value, dict | list)}
    BankNotification.objects.create(payload=excerpt, signature_valid=False,
                                    outcome="rejected: bad signature")


@transaction.atomic
def order_status_apply(*, gateway_name: str, status: BankStatus, source: str) -> str:
    """Move the order to what its own bank says (`gateway_name`, of the payment the order
    was sent as), if that is forward; credit on confirmation. An order another request
    holds is not waited for (OperationalError): the bank and the status poll ask again,
    while a web worker kept waiting serves nobody."""
    order = (PaymentOrder.objects.select_for_update(nowait=True)
             .filter(order_id=status.order_id, gateway=gateway_name).first())
    if order is None:
        return "unknown order"
    if order.bank_payment_id and status.payment_id != order.bank_payment_id:
        # Another payment naming this order (at the same bank, paid by someone else).
        audit_record(action="payments.payment_mismatch", order=order.order_id,
                     payment=status.payment_id[:64])
        return "another payment: ignored"
    if status.amount_kopecks != to_kopecks(order.amount):
        order.flagged = (f"The bank reported {status.amount_kopecks} kopecks for "
                         f"{status.status}; the order is {to_kopecks(order.amount)}.")
        order.save(update_fields=["flagged", "updated_at"])
        audit_record(action="payments.amount_mismatch", order=order.order_id,
                     reported=status.amount_kopecks)
        return "amount mismatch: flagged"
    if status.receipt_url:
        return _fiscal_receipt_keep(order, status.receipt_url)
    new = Status(status.status) if status.status in Status.values else None
    if new in (Status.AUTHORIZED, Status.CONFIRMED) and status.card and order.remember_card:
        _card_bind(order, status.card)
    if new is None or _RANK[new] <= _RANK[Status(order.status)]:
        return f"ignored: {status.status} after {order.status}"
    _move(order, new, source)
    if new == Status.CONFIRMED:
        _credit(order)
    if order.method == PaymentOrder.Method.AUTOPAY:
        _autopay_run_follow(order, new)
    return f"moved to {new}"


def _autopay_run_follow(order: PaymentOrder, status: str) -> None:
    """The run follows its order, however the bank's word came (the charge's answer, a
    notification, the poll)."""
    run = AutopayRun.objects.filter(order=order, status=AutopayRun.Status.CHARGING).first()
    if run is None:
        return
    if status == Status.CONFIRMED:
        AutopayRun.objects.filter(pk=run.pk).update(status=AutopayRun.Status.CHARGED)
    elif status == Status.REJECTED:
        again = run.attempts < AUTOPAY_ATTEMPTS
        AutopayRun.objects.filter(pk=run.pk).update(
            status=AutopayRun.Status.FAILED if again else AutopayRun.Status.GAVE_UP,
            charge_on=timezone.localdate() + timedelta(days=1))
        personal_accounts_changed(account_ids=[run.account_id])
        transaction.on_commit(lambda: autopay_failed.send(AutopayRun, run_id=run.pk,
                                                          again=again))


def _card_bind(order: PaymentOrder, card: CardOnFile) -> None:
    """The card the payer asked to remember, as the bank bound it (once, however often the
    bank tells of it)."""
    _bound, made = BoundCard.objects.update_or_create(
        rebill_id=card.rebill_id, defaults={
            "user_id": order.user_id, "gateway": order.gateway,
            "customer_key": customer_key(order.user), "card_id": card.card_id,
            "pan": card.pan, "expiry": card.expiry, "bound_on": order})
    if made:
        audit_record(action="payments.card_bound", actor=order.user, order=order.order_id,
                     card=card.pan)


def card_remove(*, user, pk: int) -> None:
    """The bank forgets the card, then the portal. GatewayUnavailable: nothing changed."""
    card = BoundCard.objects.filter(user=user, pk=pk, removed_at=None).first()
    if card is None:
        raise BoundCard.DoesNotExist
    gateway(card.gateway).card_remove(customer_key=card.customer_key, card_id=card.card_id)
    with transaction.atomic():
        BoundCard.objects.filter(pk=card.pk).update(removed_at=timezone.now())
        # Autopay by it stops, this month's planned charge with it.
        personal_accounts_changed(account_ids=AutopayRule.objects.filter(
            card=card).values_list("account_id", flat=True))
        AutopayRule.objects.filter(card=card).update(active=False)
        AutopayRun.objects.filter(rule__card=card, status=AutopayRun.Status.PLANNED).update(
            status=AutopayRun.Status.SKIPPED)
    audit_record(action="payments.card_removed", actor=user, card=card.pan)


def _move(order: PaymentOrder, status: str, source: str, note: str = "") -> None:
    order.status = status
    order.save(update_fields=["status", "updated_at"])
    PaymentOrderEvent.objects.create(order=order, status=status, source=source, note=note)


def _fiscal_receipt_keep(order: PaymentOrder, url: str) -> str:
    """Where the bank's register shows the receipt it printed: on the order, and on the
    payments it credited (the Charges tab links it)."""
    order.fiscal_receipt_url = url
    order.save(update_fields=["fiscal_receipt_url", "updated_at"])
    payments_receipt_url_set(external_ids=_credited_ids(order), url=url)
    return "receipt kept"


def _credited_ids(order: PaymentOrder) -> list[str]:
    return [f"portal-{order.order_id}-{pk}" for pk in order.lines.values_list("pk", flat=True)]


def _credit(order: PaymentOrder) -> None:
    """The money lands on the accounts: one PaymentReceived per line, keyed by the line."""
    today = timezone.localdate()
    lines = list(order.lines.select_related("account"))
    PaymentReceived.objects.bulk_create(
        [PaymentReceived(account=line.account, paid_on=today, amount=line.amount,
                         channel=PaymentReceived.Channel.PORTAL,
                         receipt_url=order.fiscal_receipt_url,
                         external_id=f"portal-{order.order_id}-{line.pk}") for line in lines],
        ignore_conflicts=True)
    balances_rebuild(account_ids=[line.account_id for line in lines])
    order.credited_at = timezone.now()
    order.save(update_fields=["credited_at"])
    audit_record(action="payments.credited", order=order.order_id, amount=str(order.amount))
    transaction.on_commit(lambda: payment_confirmed.send(sender=PaymentOrder,
                                                         order_id=order.pk))


def order_refresh(*, order: PaymentOrder) -> str:
    """Ask the bank about an order no notification has settled (the periodic task)."""
    try:
        status = gateway(order.gateway).fetch_status(order_id=order.order_id,
                                                     payment_id=order.bank_payment_id)
    except (GatewayUnavailable, InvalidSignature) as error:
        return f"bank did not answer: {error}"
    try:
        return order_status_apply(gateway_name=order.gateway, status=status,
                                  source="status query")
    except OperationalError as error:  # the order is locked: the next poll asks again
        return f"not applied: {error}"


@transaction.atomic
def order_refund_mark(*, order: PaymentOrder, actor) -> bool:
    """Staff record that the bank refunded the payment (the accounting follows in billing)."""
    claimed = PaymentOrder.objects.filter(pk=order.pk, refund_marked_at=None,
                                          status__in=REFUNDABLE).update(
        refund_marked_at=timezone.now())
    if claimed:
        PaymentOrderEvent.objects.create(order=order, status=order.status, source="staff",
                                         note="refund marked")
        audit_record(action="payments.refund_marked", actor=actor, order=order.order_id)
    return bool(claimed)
