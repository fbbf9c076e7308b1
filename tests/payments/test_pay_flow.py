"""Starting a payment against the test bank over HTTP, the return page, and the status poll."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import PaymentReceived
from payments.models import PaymentOrder, TestBankPayment
from payments.tasks import poll_stuck_orders
from tests.factories import PersonalAccountFactory


@pytest.fixture
def bank(live_server, settings):
    """The portal and its test bank served over HTTP, as in make run."""
    settings.SITE_URL = live_server.url
    settings.PAYMENT_GATEWAY_URL = f"{live_server.url}/test-bank/v2"
    return live_server


@pytest.fixture
def logged_in(client, owner):
    client.force_login(owner)
    return client


def test_the_order_exists_before_the_customer_goes_to_the_bank(bank, logged_in, owner):
    account = owner.personal_accounts.get()
    second = PersonalAccountFactory(user=owner)

    response = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "500",
                                                        f"account_{second.pk}": "120.50"})

    order = PaymentOrder.objects.get()
    assert response["Location"] == order.payment_url
    assert order.payment_url.startswith(f"{bank.url}/test-bank/pay/")
    assert (order.amount, order.status) == (Decimal("620.50"), "NEW")
    assert sorted(order.lines.values_list("amount", flat=True)) == [Decimal("120.50"),
                                                                    Decimal("500")]
    assert TestBankPayment.objects.get().amount_kopecks == 62050


def test_the_page_names_the_banks_site_and_warns(bank, logged_in, settings):
    page = logged_in.get(reverse("payments:pay")).content.decode()

    assert settings.PAYMENT_BANK_SITE in page
    assert "CVC" in page


@pytest.mark.parametrize(("amount", "message"), [("0", "Укажите сумму от 1,00"),
                                                 ("100000.01", "до 100\xa0000,00"),
                                                 ("десять", "Введите число")])
def test_amounts_outside_the_limits_get_a_message(bank, logged_in, owner, amount, message):
    account = owner.personal_accounts.get()

    response = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": amount})

    assert message in response.content.decode()
    assert not PaymentOrder.objects.exists()


def test_a_bank_that_does_not_answer_leaves_a_failed_order_and_a_message(logged_in, owner,
                                                                         settings):
    settings.PAYMENT_GATEWAY_URL = "http://127.0.0.1:9/v2"
    account = owner.personal_accounts.get()

    response = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "10"},
                              follow=True)

    assert "Банк сейчас не отвечает" in response.content.decode()
    assert PaymentOrder.objects.get().status == "FAILED"


def test_the_return_page_shows_but_never_credits(logged_in, owner):
    order = PaymentOrder.objects.create(order_id="VK-r-1", user=owner, amount=Decimal("10"),
                                        gateway="acquiring")
    response = logged_in.get(reverse("payments:return", args=[order.order_id]),
                             {"result": "success"})

    assert "Ждём подтверждения банка" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "NEW"
    assert not PaymentReceived.objects.exists()


def test_someone_elses_order_is_a_404(logged_in, neighbour):
    order = PaymentOrder.objects.create(order_id="VK-n-1", user=neighbour, amount=Decimal("10"),
                                        gateway="acquiring")

    response = logged_in.get(reverse("payments:return", args=[order.order_id]))

    assert response.status_code == 404


def test_an_order_whose_notification_was_lost_is_settled_by_asking_the_bank(bank, logged_in,
                                                                            owner):
    account = owner.personal_accounts.get()
    logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "300"})
    order = PaymentOrder.objects.get()
    TestBankPayment.objects.filter(order_id=order.order_id).update(status="CONFIRMED")
    PaymentOrder.objects.filter(pk=order.pk).update(
        created_at=timezone.now() - timedelta(minutes=11))

    assert poll_stuck_orders() == 1

    order.refresh_from_db()
    assert order.status == "CONFIRMED"
    assert PaymentReceived.objects.get().amount == Decimal("300")
