"""What the payer sees of a payment: the amount and the account, not the order's code; a
payer without a login is not sent to a login page; the return page asks for the bank's
word by itself; the bank's register mails the fiscal receipt it promised, and the history
links it."""

import re
from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from billing.models import PaymentReceived
from payments.models import PaymentOrder
from tests.factories import billing_history
from tests.payments.test_guest_pay import _pay_by_card, _post


def test_a_payer_without_a_login_is_shown_what_they_paid(bank, client, owner, mailoutbox,
                                                        django_capture_on_commit_callbacks):
    account = owner.personal_accounts.get()
    _post(client, number=account.number, amount="1 200,50", email="n@example.com",
          method="card")
    order = PaymentOrder.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        back = _pay_by_card(client, order)

    page = client.get(back["Location"]).content.decode()

    assert "<title>Оплата 1\xa0200,50\xa0₽" in page
    assert f"Лицевой счёт {account.number}" in page
    assert order.order_id in page  # named, but not the title
    assert reverse("accounts:login") not in re.sub(r"<header.*?</header>", "", page, flags=re.S)
    assert f'href="{reverse("payments:guest_pay")}"' in page
    order.refresh_from_db()
    assert f'href="{order.fiscal_receipt_url}"' in page


def test_a_waiting_payment_page_asks_for_the_status_by_itself(bank, logged_in, owner):
    account = owner.personal_accounts.get()
    logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "250"})
    order = PaymentOrder.objects.get()

    page = logged_in.get(reverse("payments:return", args=[order.order_id])).content.decode()
    status = logged_in.get(reverse("payments:status", args=[order.order_id])).json()

    assert f'data-status-url="{reverse("payments:status", args=[order.order_id])}"' in page
    assert "payment-status" in page
    assert status == {"status": "NEW", "page": reverse("payments:return",
                                                       args=[order.order_id])}
    assert Client().get(reverse("payments:status", args=[order.order_id])).status_code == 302


def test_the_registers_receipt_reaches_the_payer_and_the_history_links_it(
        bank, logged_in, owner, mailoutbox, django_capture_on_commit_callbacks):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 10, 1), months=1)
    logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "300,25",
                                             "email": "payer@example.com"})
    order = PaymentOrder.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _pay_by_card(logged_in, order)

    [register] = [m for m in mailoutbox if m.subject.startswith("Кассовый чек")]
    order.refresh_from_db()
    payment = PaymentReceived.objects.get(external_id__startswith=f"portal-{order.order_id}")
    charges = logged_in.get(reverse("billing:charges")).content.decode()
    receipt = Client().get(order.fiscal_receipt_url.removeprefix(bank.url)).content.decode()

    assert register.to == ["payer@example.com"]
    assert "Итого: 300,25 ₽" in register.body
    assert order.fiscal_receipt_url in register.body
    assert payment.receipt_url == order.fiscal_receipt_url
    assert f'href="{order.fiscal_receipt_url}"' in charges
    figures = [Decimal(f.replace("\xa0", "").replace(",", ".")) for f in
               re.findall(r"<dd>(?:<strong>)?([\d\xa0]+,\d\d)\xa0₽", receipt)]
    assert sum(figures[:-1]) == figures[-1] == Decimal("300.25")  # its lines add up
