"""A payment link through the API: the same order and bank page as the Pay tab, for a token
with the payments scope; the audit row names the token; a retry with the key makes one."""

import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import access_token_issue
from payments.models import PaymentOrder
from vodokanal.models import AuditEntry


def _link(owner, token, amount, key="pay-link-0001"):
    return Client().post(
        reverse("api:payment_links", args=[owner.personal_accounts.get().number]),
        json.dumps({"amount": amount}), content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token.plain}", HTTP_IDEMPOTENCY_KEY=key)


def test_a_link_to_the_banks_page_for_the_amount(bank, owner):
    token = access_token_issue(user=owner, name="app", scopes=["payments"], days=30)

    response = _link(owner, token, "100.50")
    again = _link(owner, token, "100.50")

    order = PaymentOrder.objects.get()
    assert response.status_code == 201
    assert response.json() == {"order": order.order_id, "amount": "100.50",
                               "payment_url": order.payment_url}
    assert order.payment_url.startswith(f"{bank.url}/test-bank/pay/")
    assert order.amount == Decimal("100.50")
    assert again.json() == response.json()  # the retry made no second order
    entry = AuditEntry.objects.get(action="payments.order_created")
    assert entry.data["via"] == f"token:{token.token.pk}"


@pytest.mark.parametrize("amount", ["0", "-5", "100.505", "99999999", "сто"])
def test_a_wrong_amount_is_refused(bank, owner, amount):
    token = access_token_issue(user=owner, name="app", scopes=["payments"], days=30)

    response = _link(owner, token, amount)

    assert response.status_code == 400
    assert "amount" in response.json()["errors"]
    assert not PaymentOrder.objects.exists()


def test_a_token_without_the_payments_scope_cannot(bank, owner):
    token = access_token_issue(user=owner, name="reader", scopes=["read"], days=30)

    assert _link(owner, token, "100").status_code == 403
