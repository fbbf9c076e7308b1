"""Thin Celery tasks: the stuck-orders poll, and the test bank's notifications."""

import json
import logging
import urllib.request
from datetime import timedelta
from decimal import Decimal

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone

from .gateways.acquiring import acquiring_token
from .models import PaymentOrder, TestBankCard, TestBankPayment

logger = logging.getLogger(__name__)


@shared_task
def poll_stuck_orders() -> int:
    """Orders with no final word from the bank after 10 minutes (and under 3 days): ask it."""
    from .services import order_refresh

    now = timezone.now()
    stuck = PaymentOrder.objects.filter(
        status__in=[PaymentOrder.Status.NEW, PaymentOrder.Status.AUTHORIZED],
        created_at__lt=now - timedelta(minutes=10), created_at__gt=now - timedelta(days=3),
    ).exclude(bank_payment_id="")
    count = 0
    for order in stuck.iterator():
        order_refresh(order=order)
        count += 1
    return count


@shared_task(bind=True, max_retries=8)
def check_bank_hint(self, gateway_name: str, payment_id: str, data: dict) -> str:
    """An unsigned notification's payment, asked of its bank (services.notification_receive);
    a bank or database not answering now is asked again, with backoff, and after the last
    try the stuck-orders poll still asks about the order."""
    from .services import NotificationNotApplied, notification_hint_check

    try:
        return notification_hint_check(gateway_name=gateway_name, payment_id=payment_id,
                                       data=data)
    except NotificationNotApplied as error:
        if self.request.retries >= self.max_retries:
            logger.warning("Bank %s payment %s not checked; the poll will ask", gateway_name,
                           payment_id)
            return "gave up"
        raise self.retry(exc=error, countdown=min(600, 10 * 2 ** self.request.retries)) \
            from error


@shared_task
def autopay_plan_task() -> int:
    """This month's autopay runs for charges loaded since the last round (beat: hourly)."""
    from .autopay import autopay_plan

    return autopay_plan(today=timezone.localdate())


@shared_task
def autopay_charge_task() -> int:
    """The autopay runs due today (beat: hourly)."""
    from .autopay import autopay_charge_due

    return autopay_charge_due(today=timezone.localdate())


@shared_task(autoretry_for=(OSError,), retry_backoff=5, max_retries=5)
def send_test_bank_notifications(payment_id: str, statuses: list[str]) -> None:
    """The test bank telling the portal, as the real banks would: a signed notification of
    each status, or an unsigned webhook of each event."""
    payment = TestBankPayment.objects.get(payment_id=payment_id)
    told = (_signed_notification if payment.protocol == TestBankPayment.Protocol.ACQUIRING
            else webhook_of)
    for status in statuses:
        _test_bank_post(payment, told(payment, status), status)
    if "CONFIRMED" in statuses and payment.receipt:
        _receipt_register(payment)


def _test_bank_post(payment: TestBankPayment, data: dict, status: str) -> None:
    request = urllib.request.Request(payment.notification_url, data=json.dumps(data).encode(),  # noqa: S310
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        answer = response.read().decode()
    logger.info("Test bank notified %s %s: %s", payment.order_id, status, answer)


def _receipt_register(payment: TestBankPayment) -> None:
    """As a cloud register does once a payment is confirmed: the receipt printed and sent
    to the payer's e-mail, and (the first protocol) the portal told where it is."""
    url = f"{settings.SITE_URL}{reverse('test_bank:receipt', args=[payment.payment_id])}"
    receipt = payment.receipt
    if receipt.get("email"):
        lines = [f"{item['name']}: {_roubles(item['kopecks'])}" for item in receipt["items"]]
        send_mail(f"Кассовый чек: оплата {_roubles(payment.amount_kopecks)}",
                  "\n".join(["Кассовый чек (приход), облачная касса тестового банка.",
                             *lines, f"Итого: {_roubles(payment.amount_kopecks)}",
                             f"Чек в ОФД: {url}"]),
                  None, [receipt["email"]])
    if payment.protocol == TestBankPayment.Protocol.ACQUIRING:
        data = {"TerminalKey": settings.PAYMENT_TERMINAL_KEY, "OrderId": payment.order_id,
                "Success": True, "Status": "RECEIPT", "PaymentId": payment.payment_id,
                "ErrorCode": "0", "Amount": payment.amount_kopecks, "Type": "Income",
                "FiscalDocumentNumber": int(payment.payment_id) % 100000, "Url": url}
        data["Token"] = acquiring_token(data, settings.PAYMENT_TERMINAL_PASSWORD)
        _test_bank_post(payment, data, "RECEIPT")


def _signed_notification(payment: TestBankPayment, status: str) -> dict:
    data = {"TerminalKey": settings.PAYMENT_TERMINAL_KEY, "OrderId": payment.order_id,
            "Success": status != "REJECTED", "Status": status, "PaymentId": payment.payment_id,
            "ErrorCode": "0", "Amount": payment.amount_kopecks, "Pan": "411111******1111",
            "ExpDate": "1230"}
    card = TestBankCard.objects.filter(rebill_id=payment.rebill_id).first() \
        if payment.rebill_id else None
    if card is not None:  # the card it bound, or charged
        data |= {"Pan": card.pan, "ExpDate": card.expiry, "CardId": card.card_id,
                 "RebillId": card.rebill_id}
    data["Token"] = acquiring_token(data, settings.PAYMENT_TERMINAL_PASSWORD)
    return data


_EVENTS = {"AUTHORIZED": "waiting_for_capture", "CONFIRMED": "succeeded",
           "REJECTED": "canceled"}


def webhook_of(payment: TestBankPayment, status: str) -> dict:
    event = _EVENTS[status]
    return {"type": "notification", "event": f"payment.{event}",
            "object": {"id": payment.payment_id, "status": event,
                       "metadata": {"order_id": payment.order_id}}}


def _roubles(kopecks: int) -> str:
    """As a Russian register prints an amount: «500,50 ₽»."""
    return f"{Decimal(kopecks) / 100:.2f} ₽".replace(".", ",")
