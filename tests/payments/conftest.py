import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from billing.money import to_kopecks
from payments.gateways.acquiring import acquiring_token
from payments.models import PaymentOrder, PaymentOrderLine, TestBankPayment
from payments.tasks import webhook_of
from support.models import NotificationChoice


@pytest.fixture
def order(owner):
    return order_sent_to_bank(owner)


def order_sent_to_bank(owner):
    """An order of 856.00 for the owner's account, sent to the bank (payment 700001)."""
    NotificationChoice.objects.create(user=owner, kind="payment_received", channel="email")
    order = PaymentOrder.objects.create(order_id="VK-test-1", user=owner, amount=Decimal("856"),
                                        gateway="acquiring", bank_payment_id="700001")
    PaymentOrderLine.objects.create(order=order, account=owner.personal_accounts.get(),
                                    amount=Decimal("856"))
    return order


def signed(order, status, amount=None, **changes) -> dict:
    data = {"TerminalKey": settings.PAYMENT_TERMINAL_KEY, "OrderId": order.order_id,
            "Success": status not in ("REJECTED",), "Status": status,
            "PaymentId": order.bank_payment_id, "ErrorCode": "0",
            "Amount": 85600 if amount is None else amount, "Pan": "411111******1111"}
    data["Token"] = acquiring_token(data, settings.PAYMENT_TERMINAL_PASSWORD)
    return {**data, **changes}


def notify(client, data):
    return client.post(reverse("payments:notification", args=["acquiring"]),
                       json.dumps(data), content_type="application/json")


# Both protocols: each existing notification test runs for the bank that signs its
# notifications and for the one that does not (whose webhook the portal checks by asking
# the bank, here the test bank over HTTP).

class AcquiringBank:
    """Signed notifications: what one says is what the bank says."""

    name = "acquiring"

    def told(self, order, status, amount=None) -> dict:
        return signed(order, status, amount)

    def forged(self, order) -> list[dict]:
        """What someone other than the bank might post, each refused by its signature."""
        return [signed(order, "AUTHORIZED", Amount=1),
                signed(order, "CONFIRMED", Status="CONFIRMED", Token="0" * 64),
                signed(order, "AUTHORIZED", TerminalKey="SomeoneElse")]


class CheckoutBank:
    """Unsigned webhooks: the bank's own record (here the test bank's) is what counts."""

    name = "checkout"

    def __init__(self, order):
        TestBankPayment.objects.create(
            protocol="checkout", payment_id=order.bank_payment_id, order_id=order.order_id,
            amount_kopecks=to_kopecks(order.amount), description="", notification_url="",
            success_url="https://example.invalid/", fail_url="https://example.invalid/")

    def told(self, order, status, amount=None) -> dict:
        """The bank's payment moves to `status` (of `amount`), and it posts the webhook."""
        changes = {"status": status} | ({"amount_kopecks": amount} if amount else {})
        payment = TestBankPayment.objects.filter(payment_id=order.bank_payment_id)
        payment.update(**changes)
        return webhook_of(payment.get(), status)

    def forged(self, order) -> list[dict]:
        """Webhooks the bank did not send: success of a payment it has as pending, or of
        one it does not know. Neither credits anything."""
        pending = webhook_of(TestBankPayment.objects.get(payment_id=order.bank_payment_id),
                             "CONFIRMED")
        unknown = {**pending, "object": {**pending["object"], "id": "no-such-payment"}}
        return [pending, unknown]


@pytest.fixture(params=["acquiring", "checkout"])
def partner(request, bank, order):
    """The partner bank of the order in `order`, under each protocol in turn."""
    if request.param == "checkout":
        PaymentOrder.objects.filter(pk=order.pk).update(gateway="checkout")
        order.gateway = "checkout"
        return CheckoutBank(order)
    return AcquiringBank()


def notify_bank(client, partner, data):
    return client.post(reverse("payments:notification", args=[partner.name]),
                       json.dumps(data), content_type="application/json")
