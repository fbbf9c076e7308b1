"""Cards remembered for autopay: bound by the bank on a payment the payer marked (Recurrent
with the login's customer key); the portal keeps the bank's masked number and expiry and
its ids, never the card's number; listed in the profile and removed at the bank first."""

import json
from decimal import Decimal

from django.urls import reverse

from payments.models import BankNotification, BoundCard, PaymentOrder, TestBankCard

CARD = "4111 1111 1111 1111"


def _pay(client, owner, *, remember=True, bank="acquiring", amount="300", card=CARD):
    account = owner.personal_accounts.get()
    fields = {f"account_{account.pk}": amount, "bank": bank, "method": "card"}
    if remember:
        fields["remember_card"] = "on"
    response = client.post(reverse("payments:pay"), fields)
    order = PaymentOrder.objects.filter(remember_card=remember).last()
    if order is not None:
        path = order.payment_url.split("/test-bank/", 1)[1]
        client.post(f"/test-bank/{path}", {"number": card, "expiry": "12/30", "cvc": "123",
                                           "scenario": "normal"})
    return response


def test_a_remembered_card_is_bound_masked(bank, logged_in, owner):
    _pay(logged_in, owner)

    card = BoundCard.objects.get()
    assert (card.user, card.pan, card.expiry_text) == (owner, "411111******1111", "12/30")
    assert card.rebill_id == TestBankCard.objects.get().rebill_id
    assert card.customer_key == f"VK-U{owner.pk}"
    # No full card number anywhere the portal keeps it.
    kept = json.dumps([list(BoundCard.objects.values()), list(PaymentOrder.objects.values()),
                       list(BankNotification.objects.values("payload"))], default=str)
    assert "4111111111111111" not in kept


def test_a_card_not_marked_is_not_bound(bank, logged_in, owner):
    _pay(logged_in, owner, remember=False)

    assert PaymentOrder.objects.get().status == "CONFIRMED"
    assert not BoundCard.objects.exists()
    assert not TestBankCard.objects.exists()


def test_only_the_bank_that_binds_cards_is_asked_to(bank, logged_in, owner):
    response = _pay(logged_in, owner, bank="checkout")

    assert response.status_code == 200
    assert "Карты запоминает только" in response.content.decode()
    assert not PaymentOrder.objects.exists()


def test_the_cards_are_listed_and_removed_at_the_bank_first(bank, logged_in, owner):
    _pay(logged_in, owner)
    card = BoundCard.objects.get()
    page = logged_in.get(reverse("payments:cards")).content.decode()
    assert "411111******1111" in page
    assert "12/30" in page

    logged_in.post(reverse("payments:cards"), {"card": card.pk})

    card.refresh_from_db()
    assert card.removed_at is not None
    assert TestBankCard.objects.get().status == "D"
    assert "411111******1111" not in logged_in.get(reverse("payments:cards")).content.decode()


def test_another_logins_card_cannot_be_removed(bank, logged_in, owner, client, neighbour):
    _pay(logged_in, owner)
    card = BoundCard.objects.get()
    client.force_login(neighbour)

    response = client.post(reverse("payments:cards"), {"card": card.pk})

    assert response.status_code == 404
    assert BoundCard.objects.get().removed_at is None


def test_the_test_bank_binds_nothing_without_a_customer_key(bank, settings):
    from payments.gateways.acquiring import acquiring_token
    from tests.payments.test_fiscal_receipts import _post

    body = {"TerminalKey": settings.PAYMENT_TERMINAL_KEY, "Amount": 100, "OrderId": "VK-2",
            "Recurrent": "Y"}
    body["Token"] = acquiring_token(body, settings.PAYMENT_TERMINAL_PASSWORD)

    _status, answer = _post(f"{bank.url}/test-bank/v2/Init", body, {})

    assert answer["Success"] is False


def test_the_bank_lists_the_cards_it_keeps(bank, logged_in, owner):
    _pay(logged_in, owner)

    cards = _card_list(bank, owner)

    assert [(c["Pan"], c["Status"], c["ExpDate"]) for c in cards] == [
        ("411111******1111", "A", "1230")]


def _card_list(bank, owner) -> list:
    from django.conf import settings

    from payments.gateways.acquiring import acquiring_token
    from tests.payments.test_fiscal_receipts import _post

    body = {"TerminalKey": settings.PAYMENT_TERMINAL_KEY, "CustomerKey": f"VK-U{owner.pk}"}
    body["Token"] = acquiring_token(body, settings.PAYMENT_TERMINAL_PASSWORD)
    _status, answer = _post(f"{bank.url}/test-bank/v2/GetCardList", body, {})
    return answer


def test_the_payment_that_binds_is_credited_as_any(bank, logged_in, owner):
    from billing.models import PaymentReceived

    _pay(logged_in, owner, amount="300")

    assert PaymentReceived.objects.get().amount == Decimal("300")


def test_staff_see_bound_cards_masked(bank, logged_in, owner, admin_client):
    _pay(logged_in, owner)

    page = admin_client.get(reverse("admin:payments_boundcard_changelist")).content.decode()

    assert "411111******1111" in page
    assert "4111111111111111" not in page


def test_a_bank_not_offered_with_a_card_to_remember_is_a_message(bank, logged_in, owner):
    account = owner.personal_accounts.get()

    response = logged_in.post(reverse("payments:pay"), {
        f"account_{account.pk}": "300", "bank": "elsewhere", "remember_card": "on"})

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not PaymentOrder.objects.exists()
