"""Paying for an account without its login: by number and amount. The page confirms the
account by a masked address and shows no name, debt or history unless the holder's
surname is typed too; the payer's e-mail gets the receipt; limited per client address;
the payment reaches the account like any other."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from billing.models import PaymentReceived
from billing.money import money_text
from billing.selectors import account_summary
from payments.models import PaymentOrder
from support.models import Notice
from tests.factories import BuildingFactory, billing_history


@pytest.fixture
def parents(owner):
    """The owner's account (a login's): ул. Ленина, д. 12, кв. 34, holder Ёжикова, owing."""
    account = owner.personal_accounts.get()
    account.building = BuildingFactory(address="г. Новосибирск, ул. Ленина, д. 12")
    account.flat, account.last_name = "34", "Ёжикова"
    account.save()
    billing_history(account, first=date(2026, 9, 1), months=2, paid_share=Decimal("0"))
    return account


def _post(client, **fields):
    return client.post(reverse("payments:guest_pay"), fields)


def test_the_number_shows_a_masked_address_and_nothing_else(client, parents):
    page = _post(client, number="01 " + parents.number[3:], step="find").content.decode()

    assert "ул. Ленина, д. 12, кв. 3*" in page
    assert "Новосибирск, ул. Ленина" not in page
    assert "Ёжикова" not in page
    assert parents.first_name not in page
    assert "К оплате" not in page
    assert money_text(account_summary(account=parents).to_pay) not in page
    assert not PaymentOrder.objects.exists()


@pytest.mark.parametrize(("surname", "shown"), [("ежикова", True), (" ЁЖИКОВА ", True),
                                                 ("Иванова", False)])
def test_the_holders_surname_shows_the_debt(client, parents, surname, shown):
    page = _post(client, number=parents.number, surname=surname, step="find").content.decode()

    owed = account_summary(account=parents).to_pay
    debt = money_text(owed)
    assert (f"К оплате сейчас: <strong>{debt}</strong>" in page) is shown
    # Shown, the debt is also the amount to pay, as typed in Russian.
    assert (f'value="{str(owed).replace(".", ",")}"' in page) is shown
    assert "Ёжикова" not in page  # the name on file is never shown, only what was typed


def test_what_is_no_account_number_at_all_is_a_message_on_the_form(client, db):
    response = _post(client, number="12345", step="find")

    assert response.status_code == 200
    assert "Проверьте номер на квитанции: две цифры, дефис и семь цифр" in (
        response.content.decode())


def test_paying_to_a_number_not_in_the_register_is_refused_at_the_payment(client, parents):
    page = _post(client, number="01-7654321", amount="100", email="payer@example.com",
                 method="card").content.decode()

    assert "Платёж на этот лицевой счёт нельзя принять онлайн" in page
    assert not PaymentOrder.objects.exists()


def test_paying_needs_an_amount_and_an_email(client, parents):
    page = _post(client, number=parents.number, method="card").content.decode()

    assert "Укажите сумму к оплате." in page
    assert "Банк пришлёт туда кассовый чек: укажите e-mail." in page
    assert not PaymentOrder.objects.exists()


def _pay_by_card(client, order):
    path = order.payment_url.split("/test-bank/", 1)[1]
    return client.post(f"/test-bank/{path}", {"number": "4111 1111 1111 1111",
                                              "expiry": "12/30", "cvc": "123",
                                              "scenario": "normal"})


def test_a_neighbour_pays_and_it_reaches_the_account_like_any_payment(
        bank, client, parents, owner, mailoutbox, django_capture_on_commit_callbacks):
    response = _post(client, number=parents.number, amount="500,50",
                     email="neighbour@example.com", method="card")
    order = PaymentOrder.objects.get()
    assert response["Location"] == order.payment_url
    assert (order.user, order.payer_email) == (None, "neighbour@example.com")
    assert order.fiscal_receipt["email"] == "neighbour@example.com"

    with django_capture_on_commit_callbacks(execute=True):
        back = _pay_by_card(client, order)

    payment = PaymentReceived.objects.get()
    assert (payment.account, payment.amount, payment.channel) == (
        parents, Decimal("500.50"), "portal")
    mails = {m.subject: m for m in mailoutbox if m.to == ["neighbour@example.com"]}
    assert "Кассовый чек: оплата 500,50 ₽" in mails  # the bank's register's, as promised
    [mail] = [m for subject, m in mails.items() if not subject.startswith("Кассовый чек")]
    assert "500,50" in mail.body
    # The holder learns of it in the cabinet.
    assert Notice.objects.filter(user=owner, kind="payment_received").exists()
    # This browser sees the order's page; another one does not.
    assert "Оплачено" in client.get(back["Location"]).content.decode()
    assert Client().get(back["Location"])["Location"].startswith("/login/")


def test_by_sbp_too(bank, client, parents):
    response = _post(client, number=parents.number, amount="100", email="n@example.com",
                     method="sbp")

    order = PaymentOrder.objects.get()
    assert order.method == "sbp"
    assert response["Location"] == reverse("payments:sbp", args=[order.order_id])
    assert client.get(response["Location"]).status_code == 200


def test_limited_per_client_address(client, parents, settings):
    settings.FORM_LIMITS_PER_HOUR = {**settings.FORM_LIMITS_PER_HOUR, "client": 3}

    statuses = [_post(client, number=parents.number, step="find").status_code
                for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_the_login_page_offers_it(client, db):
    page = client.get(reverse("accounts:login")).content.decode()

    assert f'href="{reverse("payments:guest_pay")}"' in page
