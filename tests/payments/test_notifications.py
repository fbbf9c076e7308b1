"""The banks' notifications: signature (or, for the bank that signs nothing, its own
word asked for), duplicates, order, amount, concurrency; credited once. Each test that is
about the protocol runs for both banks (the `partner` fixture)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from billing.models import MonthlyBalance, PaymentReceived
from payments.gateways.acquiring import acquiring_token
from payments.models import BankNotification, PaymentOrder
from payments.services import notification_apply
from support.models import NotificationChoice
from tests.payments.conftest import notify_bank


def test_the_token_is_sha256_of_the_sorted_values_with_the_password():
    import hashlib

    fields = {"TerminalKey": "T", "Amount": 100, "OrderId": "O-1", "Success": True,
              "Receipt": {"Items": []}, "Token": "ignored"}
    expected = hashlib.sha256(b"100O-1secrettrueT").hexdigest()  # Amount OrderId Password ...

    assert acquiring_token(fields, "secret") == expected


def test_with_email_off_a_confirmed_payment_is_in_the_cabinets_notices(
        client, partner, order, owner, mailoutbox, django_capture_on_commit_callbacks):
    NotificationChoice.objects.filter(user=owner).delete()

    with django_capture_on_commit_callbacks(execute=True):
        notify_bank(client, partner, partner.told(order, "CONFIRMED"))

    assert mailoutbox == []
    client.force_login(owner)
    notices = client.get(reverse("support:notices")).content.decode()
    assert "Оплата 856,00\xa0₽ получена, спасибо." in notices
    assert "В личном кабинете: отправлено" in notices


def test_a_confirmation_credits_the_accounts_once_and_mails_the_payer(
        client, partner, order, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_bank(client, partner, partner.told(order, "AUTHORIZED")).content == b"OK"
        assert notify_bank(client, partner, partner.told(order, "CONFIRMED")).content == b"OK"

    order.refresh_from_db()
    assert (order.status, order.credited_at is not None) == ("CONFIRMED", True)
    payment = PaymentReceived.objects.get()
    assert (payment.amount, payment.channel) == (Decimal("856.00"), "portal")
    assert MonthlyBalance.objects.get(account=payment.account).closing == Decimal("-856.00")
    [message] = mailoutbox
    assert "856,00" in message.subject


def test_a_duplicate_changes_nothing(client, partner, order):
    notify_bank(client, partner, partner.told(order, "CONFIRMED"))

    assert notify_bank(client, partner, partner.told(order, "CONFIRMED")).content == b"OK"

    assert PaymentReceived.objects.count() == 1
    assert BankNotification.objects.count() == 1


def test_a_late_authorisation_after_the_confirmation_is_ignored(client, partner, order):
    confirmed = partner.told(order, "CONFIRMED")
    late = partner.told(order, "AUTHORIZED")  # sent before the confirmation, come after it
    if partner.name == "checkout":
        partner.told(order, "CONFIRMED")  # the bank, asked, says what is true now

    notify_bank(client, partner, confirmed)
    notify_bank(client, partner, late)

    order.refresh_from_db()
    assert order.status == "CONFIRMED"
    assert PaymentReceived.objects.count() == 1
    assert PaymentOrder.objects.get().events.filter(status="AUTHORIZED").count() == 0


def test_a_notification_the_bank_did_not_send_changes_nothing(client, partner, order):
    for forged in partner.forged(order):
        notify_bank(client, partner, forged)

    order.refresh_from_db()
    assert order.status == "NEW"
    assert not PaymentReceived.objects.exists()
    assert BankNotification.objects.filter(signature_valid=False).exists()  # kept for staff


@pytest.mark.parametrize("tamper", [{"Amount": 1}, {"Status": "CONFIRMED", "Token": "0" * 64},
                                    {"TerminalKey": "SomeoneElse"}])
def test_a_bad_signature_is_a_403_kept_for_staff(client, order, tamper):
    from tests.payments.conftest import notify, signed

    response = notify(client, signed(order, "AUTHORIZED", **tamper))

    assert response.status_code == 403
    stored = BankNotification.objects.get()
    assert (stored.signature_valid, stored.key) == (False, None)
    order.refresh_from_db()
    assert order.status == "NEW"


def test_another_amount_is_flagged_and_not_credited(client, partner, order):
    notify_bank(client, partner, partner.told(order, "CONFIRMED", amount=8560))

    order.refresh_from_db()
    assert order.status == "NEW"
    assert "8560" in order.flagged
    assert not PaymentReceived.objects.exists()


def test_a_rejection_credits_nothing(client, partner, order):
    notify_bank(client, partner, partner.told(order, "REJECTED"))

    order.refresh_from_db()
    assert order.status == "REJECTED"
    assert not PaymentReceived.objects.exists()


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]"])
def test_garbage_is_a_400(client, db, body):
    from django.urls import reverse

    response = client.post(reverse("payments:notification", args=["acquiring"]), body,
                           content_type="application/json")

    assert response.status_code == 400


def test_the_callback_needs_no_csrf_token(partner, order):
    response = notify_bank(Client(enforce_csrf_checks=True), partner,
                           partner.told(order, "CONFIRMED"))

    assert response.content == b"OK"


def test_the_same_notification_at_the_same_moment_credits_once(partner, order):
    data, barrier, outcomes = partner.told(order, "CONFIRMED"), threading.Barrier(4), []

    def receive():
        try:
            barrier.wait()
            outcomes.append(notification_apply(gateway_name=partner.name, data=data))
        finally:
            connection.close()

    threads = [threading.Thread(target=receive) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["duplicate"] * 3 + ["moved to CONFIRMED"]
    assert PaymentReceived.objects.count() == 1
    assert PaymentOrder.objects.get().status == "CONFIRMED"
