"""SBP by QR code: the acquiring bank's GetQr after Init gives a qr.nspk.ru link, shown as
a QR code and as a link to the bank app; the test bank's page plays the payer's bank app;
the payment is credited by the same notifications, once."""

import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from django.urls import reverse

from billing.models import PaymentReceived
from payments.models import BankNotification, PaymentOrder, TestBankPayment


def _pay_by_sbp(logged_in, owner, amount="250"):
    account = owner.personal_accounts.get()
    return logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": amount,
                                                    "bank": "checkout", "method": "sbp"})


def test_the_payer_gets_a_qr_code_and_a_link_to_the_bank_app(bank, logged_in, owner):
    response = _pay_by_sbp(logged_in, owner)

    order = PaymentOrder.objects.get()
    assert response["Location"] == reverse("payments:sbp", args=[order.order_id])
    # SBP goes through the bank that takes it, whichever bank the card choice showed.
    assert (order.method, order.gateway) == ("sbp", "acquiring")
    assert order.sbp_payload.startswith("https://qr.nspk.ru/AD")
    assert "sum=25000" in order.sbp_payload
    page = logged_in.get(response["Location"]).content.decode()
    assert f'href="{order.sbp_payload.replace("&", "&amp;")}"' in page
    assert re.search(r'<img class="sbp-qr" src="data:image/svg\+xml', page)
    assert "250,00" in page


def _app(logged_in, order, answer):
    """The test bank's app, as the SBP link opens it."""
    app = f"/test-bank/sbp-app/?qr={order.sbp_payload}"
    assert logged_in.get(app).status_code == 200
    return logged_in.post(app, {"answer": answer})


def test_paid_in_the_bank_app_it_is_credited_once(bank, logged_in, owner):
    _pay_by_sbp(logged_in, owner)
    order = PaymentOrder.objects.get()

    back = _app(logged_in, order, "pay")

    assert order.order_id in back["Location"]
    order.refresh_from_db()
    assert order.status == "CONFIRMED"
    assert PaymentReceived.objects.get().amount == Decimal("250")
    assert not order.events.filter(status="AUTHORIZED").exists()  # SBP is one stage
    assert sorted(BankNotification.objects.filter(order=order).values_list(
        "outcome", flat=True)) == ["moved to CONFIRMED", "receipt kept"]  # once each
    again = logged_in.post(f"/test-bank/sbp-app/?qr={order.sbp_payload}", {"answer": "pay"})
    assert again.status_code == 404  # a code pays once


def test_declined_in_the_bank_app_nothing_is_credited(bank, logged_in, owner):
    _pay_by_sbp(logged_in, owner)
    order = PaymentOrder.objects.get()

    _app(logged_in, order, "decline")

    order.refresh_from_db()
    assert order.status == "REJECTED"
    assert not PaymentReceived.objects.exists()


def test_less_than_ten_roubles_by_sbp_is_a_message(bank, logged_in, owner):
    response = _pay_by_sbp(logged_in, owner, amount="9,99")

    assert response.status_code == 200
    assert "Укажите сумму от 10,00" in response.content.decode()
    assert not PaymentOrder.objects.exists()


def test_the_test_bank_gives_no_qr_code_before_init_nor_under_ten_roubles(bank, owner):
    from payments.gateways.acquiring import AcquiringGateway
    from payments.gateways.base import GatewayUnavailable

    TestBankPayment.objects.create(
        payment_id="555", order_id="VK-x", amount_kopecks=999, description="",
        notification_url=bank.url, success_url=bank.url, fail_url=bank.url)

    for payment_id in ("404", "555"):
        with pytest.raises(GatewayUnavailable):
            AcquiringGateway().sbp_qr(payment_id=payment_id)


def test_someone_elses_sbp_page_is_a_404(bank, logged_in, owner, neighbour, client):
    _pay_by_sbp(logged_in, owner)
    order = PaymentOrder.objects.get()
    client.force_login(neighbour)

    assert client.get(reverse("payments:sbp", args=[order.order_id])).status_code == 404


def test_the_demo_site_links_its_test_bank_app(bank, logged_in, owner):
    page = logged_in.get(_pay_by_sbp(logged_in, owner)["Location"]).content.decode()

    [link] = re.findall(r'href="(/test-bank/sbp-app/\?qr=[^"]+)"', page)
    assert unquote(link.split("qr=")[1]) == PaymentOrder.objects.get().sbp_payload


def test_staff_see_orders_by_bank_and_method_with_the_fiscal_receipt(bank, logged_in, owner,
                                                                     admin_client):
    _pay_by_sbp(logged_in, owner)
    order = PaymentOrder.objects.get()

    listing = admin_client.get(reverse("admin:payments_paymentorder_changelist"),
                               {"method__exact": "sbp", "gateway__exact": "acquiring"})
    page = admin_client.get(reverse("admin:payments_paymentorder_change", args=[order.pk]))

    assert order.order_id in listing.content.decode()
    text = page.content.decode()
    assert f"Холодное водоснабжение и водоотведение, л/с {order.lines.get().account.number}" \
           f": 250,00\xa0₽<" in text  # once ₽, not «₽ ₽»
    assert owner.email in text
    assert "НДС: 22 %; система налогообложения: общая (ОСН)" in text  # words, not «osn»
    assert "₽ ₽" not in text


@pytest.mark.parametrize("method", ["autopay", "bogus"])
def test_a_forged_method_pays_by_card(bank, logged_in, owner, method):
    account = owner.personal_accounts.get()

    logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "250", "method": method})

    assert PaymentOrder.objects.get().method == "card"


def test_without_a_bank_that_takes_sbp_the_button_is_gone_and_a_forged_one_pays_by_card(
        bank, logged_in, owner, settings):
    settings.PAYMENT_BANKS = ["checkout"]
    account = owner.personal_accounts.get()

    page = logged_in.get(reverse("payments:pay")).content.decode()
    logged_in.post(reverse("payments:pay"), {f"account_{account.pk}": "250", "method": "sbp"})

    assert "Оплатить по QR-коду СБП" not in page
    assert PaymentOrder.objects.get().method == "card"
