"""An order is its own bank's: a payment at another bank, or another payment at the same
bank, naming the order credits nothing. The second bank's webhooks are unsigned, so each
is only a hint: the web worker queues one check of the payment however many hints name it,
limits hints per address, and never waits on the bank itself."""

import json

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from billing.models import PaymentReceived
from payments.gateways.base import BankStatus
from payments.models import PaymentOrder, TestBankPayment
from payments.services import notification_apply, order_status_apply
from payments.tasks import check_bank_hint, webhook_of
from tests.payments.conftest import CheckoutBank, order_sent_to_bank, signed
from vodokanal.celery import app


def _hint(client, data, address="198.51.100.10"):
    return client.post(reverse("payments:notification", args=["checkout"]), json.dumps(data),
                       content_type="application/json", REMOTE_ADDR=address)


@pytest.fixture
def order(owner):
    return order_sent_to_bank(owner)  # at the first bank, its payment 700001


def test_the_other_bank_naming_the_order_credits_nothing(order):
    told = BankStatus(order_id=order.order_id, payment_id="700001", status="CONFIRMED",
                      amount_kopecks=85600)

    outcome = order_status_apply(gateway_name="checkout", status=told, source="notification")

    assert outcome == "unknown order"
    order.refresh_from_db()
    assert order.status == "NEW"
    assert not PaymentReceived.objects.exists()


def test_another_payment_at_its_bank_naming_the_order_credits_nothing(order):
    order.bank_payment_id = "999999"  # signed by the bank, of someone else's payment
    data = signed(order, "CONFIRMED")

    outcome = notification_apply(gateway_name="acquiring", data=data)

    assert outcome == "another payment: ignored"
    assert not PaymentReceived.objects.exists()


@pytest.fixture
def checkout_order(bank, order):
    PaymentOrder.objects.filter(pk=order.pk).update(gateway="checkout")
    order.gateway = "checkout"
    return order, CheckoutBank(order)


@pytest.fixture
def queue():
    """Tasks go to the broker (a real Redis) instead of running in the request: how many
    are waiting in the default queue."""
    app.conf.task_always_eager = False
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        channel.queue_purge("default")
        yield lambda: channel.client.llen("default")
        channel.queue_purge("default")
    app.conf.task_always_eager = True


def test_a_hint_is_answered_at_once_and_checked_by_one_queued_task(checkout_order, queue,
                                                                  settings):
    order, checkout = checkout_order
    data = checkout.told(order, "CONFIRMED")
    settings.PAYMENT_CHECKOUT_URL = "http://127.0.0.1:9/never-answers"  # not asked here

    answers = [_hint(Client(), data).status_code for _hint_again in range(20)]

    assert answers == [200] * 20
    assert queue() == 1  # one check, however many hints name the payment
    order.refresh_from_db()
    assert order.status == "NEW"  # nothing is taken from the hint itself


def test_the_queued_check_credits_once_from_the_banks_own_record(checkout_order):
    order, checkout = checkout_order
    data = checkout.told(order, "CONFIRMED")

    check_bank_hint.apply(args=["checkout", order.bank_payment_id, data])
    check_bank_hint.apply(args=["checkout", order.bank_payment_id, data])

    order.refresh_from_db()
    assert order.status == "CONFIRMED"
    assert PaymentReceived.objects.count() == 1
    assert cache.get(f"bank-hint:checkout:{order.bank_payment_id}") is None


def test_a_forged_hint_of_a_payment_the_bank_lacks_changes_nothing(checkout_order):
    order, _checkout = checkout_order
    pending = webhook_of(TestBankPayment.objects.get(payment_id=order.bank_payment_id),
                         "CONFIRMED")
    forged = {**pending, "object": {**pending["object"], "id": "no-such-payment"}}

    assert _hint(Client(), forged).status_code == 200

    order.refresh_from_db()
    assert order.status == "NEW"


def test_hints_are_limited_per_client_address(checkout_order, queue, settings):
    settings.PAYMENT_HINTS_PER_ADDRESS_PER_MINUTE = 3
    order, checkout = checkout_order
    data = checkout.told(order, "CONFIRMED")

    answers = [_hint(Client(), data).status_code for _attempt in range(4)]

    assert answers == [200, 200, 200, 429]
    assert _hint(Client(), data, address="198.51.100.11").status_code == 200
