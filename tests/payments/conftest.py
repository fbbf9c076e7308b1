import json
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from payments.gateways.acquiring import acquiring_token
from payments.models import PaymentOrder, PaymentOrderLine
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
