"""The built-in test bank speaks the bank's protocol: its scenarios reach the portal over HTTP."""

import json
import urllib.request
from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from billing.models import PaymentReceived
from payments.models import BankNotification, PaymentOrder


@pytest.fixture(params=["acquiring", "checkout"])
def started(request, bank, client, owner):
    """An order of 250.00 started at the test bank, under each protocol in turn; returns
    (client, order)."""
    client.force_login(owner)
    client.post(reverse("payments:pay"),
                {f"account_{owner.personal_accounts.get().pk}": "250", "bank": request.param})
    return client, PaymentOrder.objects.get()


def _pay(client, order, card="4111 1111 1111 1111", scenario="normal"):
    path = order.payment_url.split("/test-bank/", 1)[1]
    return client.post(f"/test-bank/{path}", {"number": card, "expiry": "12/30", "cvc": "123",
                                              "scenario": scenario})


# Notifications stored: the signed ones by status, its register's receipt the last; the
# webhooks by what the bank, asked, said (it had the payment paid before it sent the first).
NOTICES = {"acquiring": 3, "checkout": 1}


@pytest.mark.parametrize("scenario", ["normal", "duplicate", "out_of_order"])
def test_every_scenario_credits_once(started, scenario):
    client, order = started

    response = _pay(client, order, scenario=scenario)

    assert f"/payments/{order.order_id}/" in response["Location"]
    order.refresh_from_db()
    assert order.status == "CONFIRMED"
    assert PaymentReceived.objects.get().amount == Decimal("250")
    # A duplicate is not stored twice.
    assert BankNotification.objects.count() == NOTICES[order.gateway]


def test_a_declined_card_credits_nothing(started):
    client, order = started

    response = _pay(client, order, card="4000 0000 0000 0002")

    assert f"/payments/{order.order_id}/" in response["Location"]
    order.refresh_from_db()
    assert order.status == "REJECTED"
    assert not PaymentReceived.objects.exists()


def test_the_3ds_step_refuses_a_wrong_code(started):
    client, order = started
    secure = _pay(client, order, card="5555 5555 5555 4444")["Location"]

    client.post(secure, {"code": "0000"})

    order.refresh_from_db()
    assert order.status == "REJECTED"


def test_the_test_bank_refuses_an_unsigned_request(live_server, db):
    body = json.dumps({"TerminalKey": "VodokanalTest", "Amount": 100, "OrderId": "x",
                       "Token": "0" * 64}).encode()
    request = urllib.request.Request(f"{live_server.url}/test-bank/v2/Init", data=body,  # noqa: S310
                                     headers={"Content-Type": "application/json"})

    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
        answer = json.loads(response.read())

    assert (answer["Success"], answer["ErrorCode"]) == (False, "204")


def test_staff_mark_a_refund_once(admin_client, started):
    client, order = started
    _pay(client, order)

    for _attempt in range(2):
        admin_client.post(reverse("admin:payments_paymentorder_changelist"), {
            "action": "mark_refunded", helpers.ACTION_CHECKBOX_NAME: [order.pk]})

    order.refresh_from_db()
    assert order.refund_marked_at is not None
    assert order.events.filter(note="refund marked").count() == 1
    page = admin_client.get(reverse("admin:payments_paymentorder_change", args=[order.pk]))
    assert "CONFIRMED" in page.content.decode()
