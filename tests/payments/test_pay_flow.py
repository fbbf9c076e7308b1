"""Starting a payment against the test bank over HTTP, the return page, and the status poll."""

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from billing.models import PaymentReceived
from billing.money import money_text
from payments.models import PaymentOrder, TestBankPayment
from payments.tasks import poll_stuck_orders
from tests.factories import PersonalAccountFactory, billing_history


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


@pytest.mark.parametrize(("base", "expected"), [
    ("", "{site}/payments/notifications/acquiring/"),
    ("http://web:8000", "http://web:8000/payments/notifications/acquiring/"),
], ids=["the public site", "an address inside docker-compose"])
def test_the_bank_is_told_where_to_post_its_notifications(bank, logged_in, owner, settings,
                                                          base, expected):
    settings.PAYMENT_NOTIFICATION_BASE_URL = base
    account = owner.personal_accounts.get()

    logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "500"})

    assert TestBankPayment.objects.get().notification_url == expected.format(site=bank.url)


def test_the_page_names_the_site_the_payer_is_sent_to(bank, logged_in, owner):
    account = owner.personal_accounts.get()
    page = logged_in.get(reverse("payments:pay")).content.decode()
    response = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "10"})

    site = urlsplit(bank.url).netloc
    assert f"Банк-партнёр «Эквайринг», страница {site}" in page
    assert f"Платёжный сервис «Касса», страница {site}" in page
    assert urlsplit(response["Location"]).netloc == site
    assert "CVC" in page


@pytest.mark.parametrize(("typed", "amount"), [("100,50", "100.50"), ("100.50", "100.50"),
                                               ("1 234,56", "1234.56"),
                                               ("1\xa0234.56", "1234.56")])
def test_an_amount_reaches_the_bank_as_it_was_typed(bank, logged_in, owner, typed, amount):
    account = owner.personal_accounts.get()

    response = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": typed})
    card_page = logged_in.get(response["Location"]).content.decode()

    order = PaymentOrder.objects.get()
    assert order.amount == Decimal(amount)
    assert TestBankPayment.objects.get().amount_kopecks == int(Decimal(amount) * 100)
    assert f"Сумма: <strong data-amount>{money_text(Decimal(amount))}</strong>" in card_page
    assert "коп." not in card_page


@pytest.fixture
def in_debt(owner):
    """The owner owes 1 463,58 ₽ (three months unpaid)."""
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 8, 1), months=3, paid_share=Decimal("0"))
    assert account.balances.order_by("-period").first().closing == Decimal("1463.58")
    return account


def test_an_amount_far_above_the_debt_is_sent_only_once_confirmed_in_figures(bank, logged_in,
                                                                             in_debt):
    field = f"account_{in_debt.pk}"

    asked = logged_in.post(reverse("payments:pay"), {field: "14635,80"}).content.decode()

    assert ("Вы собираетесь оплатить 14\xa0635,80\xa0₽, а задолженность — "
            "1\xa0463,58\xa0₽.") in asked
    assert 'name="confirmed_total" value="14635.80"' in asked
    assert "Да, оплатить 14\xa0635,80\xa0₽" in asked
    assert not PaymentOrder.objects.exists()

    changed = logged_in.post(reverse("payments:pay"), {field: "50000",
                                                        "confirmed_total": "14635.80"})
    assert changed.status_code == 200  # the tick was for another total: asked again
    assert not PaymentOrder.objects.exists()

    confirmed = logged_in.post(reverse("payments:pay"), {field: "50000",
                                                          "confirmed_total": "50000.00"})
    assert confirmed.status_code == 302
    assert PaymentOrder.objects.get().amount == Decimal("50000")


@pytest.mark.parametrize("amount", ["1463,58", "6463,58", "200"])
def test_the_debt_or_a_little_more_goes_straight_to_the_bank(bank, logged_in, in_debt, amount):
    response = logged_in.post(reverse("payments:pay"), {f"account_{in_debt.pk}": amount})

    assert response.status_code == 302


def test_a_total_over_the_cap_is_confirmed_even_with_a_debt_that_large(bank, logged_in, owner,
                                                                      settings):
    settings.PAYMENT_CONFIRM_ABOVE = Decimal("1000")
    account = owner.personal_accounts.get()

    asked = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "1000,01"})

    assert "Да, оплатить 1\xa0000,01\xa0₽" in asked.content.decode()


@pytest.mark.parametrize(("amount", "message"), [("0", "Укажите сумму от 1,00"),
                                                 ("100000.01", "до 100\xa0000,00"),
                                                 ("десять", "Введите число")])
def test_amounts_outside_the_limits_get_a_message(bank, logged_in, owner, amount, message):
    account = owner.personal_accounts.get()

    response = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": amount})

    assert message in response.content.decode()
    assert not PaymentOrder.objects.exists()


@pytest.mark.parametrize("setting", [
    ("PAYMENT_GATEWAY_URL", "http://127.0.0.1:9/v2"),  # the bank does not answer
    ("PAYMENT_BANK_SITE", "securepay.bank.example"),  # its page is not on the site named
], ids=["no answer", "another site"])
def test_a_bank_that_fails_leaves_a_failed_order_and_a_message(bank, logged_in, owner,
                                                               settings, setting):
    setattr(settings, *setting)
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


@pytest.mark.parametrize("chosen", ["acquiring", "checkout"])
def test_the_payer_chooses_the_bank(bank, logged_in, owner, chosen):
    account = owner.personal_accounts.get()

    response = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "300",
                                                        "bank": chosen})

    order = PaymentOrder.objects.get()
    assert order.gateway == chosen
    assert response["Location"] == order.payment_url
    payment = TestBankPayment.objects.get()
    assert (payment.protocol, payment.order_id, payment.amount_kopecks) == (
        chosen, order.order_id, 30000)


def test_a_bank_the_portal_does_not_offer_is_a_message(bank, logged_in, owner):
    account = owner.personal_accounts.get()

    response = logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "300",
                                                        "bank": "elsewhere"})

    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()
    assert not PaymentOrder.objects.exists()


@pytest.mark.parametrize("chosen", ["acquiring", "checkout"])
def test_an_order_whose_notification_was_lost_is_settled_by_asking_the_bank(bank, logged_in,
                                                                            owner, chosen):
    account = owner.personal_accounts.get()
    logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "300", "bank": chosen})
    order = PaymentOrder.objects.get()
    TestBankPayment.objects.filter(order_id=order.order_id).update(status="CONFIRMED")
    PaymentOrder.objects.filter(pk=order.pk).update(
        created_at=timezone.now() - timedelta(minutes=11))

    assert poll_stuck_orders() == 1

    order.refresh_from_db()
    assert order.status == "CONFIRMED"
    assert PaymentReceived.objects.get().amount == Decimal("300")
