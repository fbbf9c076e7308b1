"""Bank notifications never fail open: a malformed body is a 4xx that credits nothing and
changes no order, with DEBUG on too; unsigned traffic cannot fill the table; a
notification that cannot be applied is applied by the bank's retry, once."""

import json
import threading

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from billing.models import PaymentReceived
from payments.gateways.acquiring import acquiring_token
from payments.models import BankNotification, PaymentOrder
from tests.payments.conftest import notify, order_sent_to_bank, signed

URL = reverse("payments:notification", args=["acquiring"])


@pytest.fixture
def order(owner):
    return order_sent_to_bank(owner)


def _resigned(order, **changes) -> dict:
    """A notification whose fields are changed and then signed, as only the bank can."""
    data = {key: value for key, value in signed(order, "CONFIRMED").items() if key != "Token"}
    data.update(changes)
    data = {key: value for key, value in data.items() if value is not None}
    return {**data, "Token": acquiring_token(data, django_settings.PAYMENT_TERMINAL_PASSWORD)}


def _bodies(order) -> dict[str, tuple[bytes, str]]:
    good = signed(order, "CONFIRMED")
    return {
        "a token with characters outside ASCII": (
            json.dumps({**good, "Token": "т" * 64}).encode(), "application/json"),
        "a token that is a list": (json.dumps({**good, "Token": [good["Token"]]}).encode(),
                                   "application/json"),
        "a token that is a number": (json.dumps({**good, "Token": 1}).encode(),
                                     "application/json"),
        "no token": (json.dumps({k: v for k, v in good.items() if k != "Token"}).encode(),
                     "application/json"),
        "a 100,000-deep array": (b"[" * 100_000 + b"]" * 100_000, "application/json"),
        "a 1,000-deep object within the size": (b'{"a":' * 1000 + b"1" + b"}" * 1000,
                                                "application/json"),
        "NaN": (json.dumps(good).replace('"Amount": 85600', '"Amount": NaN').encode(),
                "application/json"),
        "Infinity": (json.dumps(good).replace('"Amount": 85600', '"Amount": Infinity')
                     .encode(), "application/json"),
        "a NUL character": (json.dumps({**good, "OrderId": "VK-test-1\u0000"}).encode(),
                            "application/json"),
        "a NUL character in a key": (json.dumps({**good, "x\u0000": 1}).encode(),
                                     "application/json"),
        "not JSON": (b"OrderId=VK-test-1&Status=CONFIRMED", "application/json"),
        "not UTF-8": (b'{"OrderId": "\xff\xfe"}', "application/json"),
        "a JSON array": (json.dumps([good]).encode(), "application/json"),
        "a JSON string": (b'"CONFIRMED"', "application/json"),
        "the wrong content type": (json.dumps(good).encode(), "text/plain"),
        "a form": (b"Status=CONFIRMED", "application/x-www-form-urlencoded"),
        "a signed one without Amount": (json.dumps(_resigned(order, Amount=None)).encode(),
                                        "application/json"),
        "a signed one without PaymentId": (
            json.dumps(_resigned(order, PaymentId=None)).encode(), "application/json"),
        "a signed one with Amount as text": (
            json.dumps(_resigned(order, Amount="85600")).encode(), "application/json"),
        "a signed one with Amount as a fraction": (
            json.dumps(_resigned(order, Amount=85600.5)).encode(), "application/json"),
        "a signed one with a 10,000-character OrderId": (
            json.dumps(_resigned(order, OrderId="V" * 10_000)).encode(), "application/json"),
    }


# The bodies need the order, which only a test has: the cases are named here.
CASE_NAMES = ["a token with characters outside ASCII", "a token that is a list",
              "a token that is a number", "no token", "a 100,000-deep array",
              "a 1,000-deep object within the size", "NaN", "Infinity", "a NUL character",
              "a NUL character in a key", "not JSON", "not UTF-8", "a JSON array",
              "a JSON string", "the wrong content type", "a form",
              "a signed one without Amount", "a signed one without PaymentId",
              "a signed one with Amount as text", "a signed one with Amount as a fraction",
              "a signed one with a 10,000-character OrderId"]


@pytest.mark.parametrize("debug", [False, True], ids=["production", "DEBUG on"])
@pytest.mark.parametrize("case", CASE_NAMES)
def test_a_malformed_notification_is_a_4xx_and_changes_nothing(client, order, settings, case,
                                                               debug):
    settings.DEBUG = debug
    body, content_type = _bodies(order)[case]

    response = client.post(URL, body, content_type=content_type)

    assert 400 <= response.status_code < 500
    assert response["Content-Type"] == "text/plain"
    assert len(response.content) < 32  # a word, never a page that could show a token
    order.refresh_from_db()
    assert (order.status, order.credited_at) == ("NEW", None)
    assert not PaymentReceived.objects.exists()
    assert not BankNotification.objects.filter(signature_valid=True).exists()


def test_unsigned_traffic_is_kept_cut_short_and_only_so_many_a_minute(client, order, settings):
    settings.PAYMENT_REJECTED_NOTIFICATIONS_KEPT_PER_MINUTE = 5
    forged = {**signed(order, "CONFIRMED"), "Token": "0" * 64, "Description": "x" * 10_000}

    answers = {notify(client, forged).status_code for _attempt in range(40)}

    assert answers == {403}
    kept = list(BankNotification.objects.values_list("payload", flat=True))
    assert len(kept) == 5
    assert all(len(json.dumps(payload)) < 3_000 for payload in kept)
    assert kept[0]["Description"] == "x" * 100
    assert "Token" not in kept[0]


@pytest.mark.django_db(transaction=True)
def test_a_notification_that_fails_is_applied_by_the_retry_once(order):
    """Staff (or the status poll) hold the order row; the bank's notification does not
    wait, answers 503 and keeps nothing, so the bank's next try credits it."""
    holding, release = threading.Event(), threading.Event()

    def hold_the_order():
        with transaction.atomic():
            PaymentOrder.objects.select_for_update().get(pk=order.pk)
            holding.set()
            release.wait(10)
        connection.close()

    holder = threading.Thread(target=hold_the_order)
    holder.start()
    holding.wait(10)
    try:
        first = notify(Client(), signed(order, "CONFIRMED"))
    finally:
        release.set()
        holder.join()

    assert (first.status_code, first.content) == (503, b"try again")
    assert not BankNotification.objects.exists()
    assert not PaymentReceived.objects.exists()
    retried = [notify(Client(), signed(order, "CONFIRMED")) for _attempt in range(2)]
    assert [answer.content for answer in retried] == [b"OK", b"OK"]
    assert PaymentReceived.objects.count() == 1
    assert BankNotification.objects.get().outcome == "moved to CONFIRMED"
