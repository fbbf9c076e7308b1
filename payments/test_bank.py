"""The built-in test bank (/test-bank/): both partner banks' protocols, played locally.

It answers the acquiring protocol's Init and GetState (v2/, signed with the terminal's
password) and the checkout protocol's payments (v3/, Basic auth and Idempotence-Key) as
the banks' APIs do, shows one card page (success, decline, a 3-D Secure-like code step)
and tells the portal: signed notifications, or unsigned webhooks, on request duplicated,
out of order or late. It is mounted only when TEST_BANK_ENABLED (make run, tests), never
in production by default.

Cards: 4111 1111 1111 1111 pays; 4000 0000 0000 0002 is declined;
5555 5555 5555 4444 asks for the code 1234 first.
"""

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
import uuid
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .gateways.acquiring import acquiring_token
from .gateways.checkout import STATUSES
from .models import TestBankCard, TestBankPayment
from .services import notification_url
from .tasks import send_test_bank_notifications

CARD_PAYS, CARD_DECLINED, CARD_3DS = "4111111111111111", "4000000000000002", "5555555555554444"
# Cards that pay on the card page and, remembered, behave so when charged by RebillId.
CARDS_THAT_PAY_THEN = {"4000000000000051": "no_funds", "4000000000000259": "slow"}
SCENARIOS = {  # what the bank then tells the portal, in order
    "normal": ["AUTHORIZED", "CONFIRMED"],
    "duplicate": ["AUTHORIZED", "CONFIRMED", "CONFIRMED"],
    "out_of_order": ["CONFIRMED", "AUTHORIZED"],
    "delayed": ["AUTHORIZED", "CONFIRMED"],
}


def _api(view):
    """JSON in, JSON out, the token checked as the real bank does."""
    @csrf_exempt
    @require_POST
    def wrapper(request: HttpRequest) -> JsonResponse:
        try:
            data = json.loads(request.body)
        except ValueError:
            return JsonResponse({"Success": False, "ErrorCode": "9999", "Message": "Bad JSON"})
        if data.get("Token") != acquiring_token(data, settings.PAYMENT_TERMINAL_PASSWORD):
            return JsonResponse({"Success": False, "ErrorCode": "204", "Message": "Bad token"})
        answer = view(request, data)
        if isinstance(answer, list):  # GetCardList answers a bare array
            return JsonResponse(answer, safe=False)
        return JsonResponse({"Success": True, "ErrorCode": "0",
                             "TerminalKey": data.get("TerminalKey"), **answer})
    return wrapper


# The cash register's rules (54-ФЗ, FFD 1.2) as both banks check a receipt.
TAXATION = {"osn", "usn_income", "usn_income_outcome", "esn", "patent"}
ACQUIRING_TAXES = {"none", "vat0", "vat5", "vat7", "vat10", "vat20", "vat22", "vat105",
                   "vat107", "vat110", "vat120", "vat122"}
PAYMENT_METHODS = {"full_prepayment", "prepayment", "advance", "full_payment",
                   "partial_payment", "credit", "credit_payment"}
PAYMENT_OBJECTS = {"commodity", "excise", "job", "service", "payment", "composite", "another"}


def acquiring_receipt_problem(data: dict) -> str:
    """What is wrong with Init's Receipt, or "" (the bank then answers error 308)."""
    receipt, amount = data.get("Receipt"), data.get("Amount")
    if not isinstance(receipt, dict):
        return "Receipt is required"
    if not (receipt.get("Email") or receipt.get("Phone")):
        return "Receipt needs Email or Phone"
    if receipt.get("Taxation") not in TAXATION or receipt.get("FfdVersion") != "1.2":
        return "Receipt: Taxation or FfdVersion"
    items = receipt.get("Items")
    if not isinstance(items, list) or not 0 < len(items) <= 100 or not all(
            isinstance(item, dict) for item in items):
        return "Receipt: 1 to 100 Items"
    for item in items:
        if not (isinstance(item.get("Name"), str) and 0 < len(item["Name"]) <= 128
                and item.get("Tax") in ACQUIRING_TAXES and item.get("MeasurementUnit")
                and item.get("PaymentMethod") in PAYMENT_METHODS
                and item.get("PaymentObject") in PAYMENT_OBJECTS):
            return f"Receipt item {item.get('Name')!r}: a field is missing or wrong"
        if round(Decimal(str(item.get("Price", 0))) * Decimal(str(item.get("Quantity", 0)))) \
                != item.get("Amount"):
            return f"Receipt item {item['Name']!r}: Amount is not Price × Quantity"
    if sum(item["Amount"] for item in items) != amount:
        return "Receipt: the Items' Amount does not add up to the payment's Amount"
    return ""


def checkout_receipt_problem(data: dict, kopecks: int) -> str:
    """What is wrong with the payment's receipt, or "" (the API then answers 400)."""
    receipt = data.get("receipt")
    if not isinstance(receipt, dict):
        return "receipt is required"
    customer = receipt.get("customer") or {}
    if not (customer.get("email") or customer.get("phone")):
        return "receipt.customer needs email or phone"
    if receipt.get("tax_system_code") not in range(1, 7):
        return "receipt.tax_system_code"
    items, total = receipt.get("items"), Decimal(0)
    if not isinstance(items, list) or not items or not all(
            isinstance(item, dict) for item in items):
        return "receipt.items"
    for item in items:
        if not (isinstance(item.get("description"), str) and 0 < len(item["description"]) <= 128
                and item.get("vat_code") in range(1, 13)
                and item.get("payment_mode") in PAYMENT_METHODS
                and item.get("payment_subject") in PAYMENT_OBJECTS
                and item.get("amount", {}).get("currency") == "RUB"):
            return f"receipt item {item.get('description')!r}: a field is missing or wrong"
        total += Decimal(item["amount"]["value"]) * Decimal(item["quantity"])
    if total * 100 != kopecks:
        return "receipt: the items do not add up to the payment's amount"
    return ""


@_api
def init(request: HttpRequest, data: dict) -> dict:
    problem = acquiring_receipt_problem(data)
    if problem:
        return {"Success": False, "ErrorCode": "308", "Message": problem}
    recurrent = data.get("Recurrent") == "Y"
    if recurrent and not 0 < len(str(data.get("CustomerKey") or "")) <= 36:
        return {"Success": False, "ErrorCode": "8", "Message": "Recurrent needs CustomerKey"}
    payment = TestBankPayment.objects.create(
        customer_key=str(data["CustomerKey"]) if recurrent else "",
        protocol=TestBankPayment.Protocol.ACQUIRING,
        payment_id=str(secrets.randbelow(10**12)), order_id=data["OrderId"],
        amount_kopecks=int(data["Amount"]), description=data.get("Description", ""),
        notification_url=data["NotificationURL"], success_url=data["SuccessURL"],
        fail_url=data["FailURL"], receipt=_acquiring_receipt_kept(data["Receipt"]))
    url = request.build_absolute_uri(reverse("test_bank:card", args=[payment.payment_id]))
    return {"Status": "NEW", "PaymentId": payment.payment_id, "OrderId": payment.order_id,
            "Amount": payment.amount_kopecks, "PaymentURL": url}


# What the register is asked to print, in one shape whichever protocol asked: it prints it
# once the payment is confirmed (tasks.send_test_bank_notifications), as a cloud register
# would, and sends it to the payer.

def _acquiring_receipt_kept(receipt: dict) -> dict:
    return {"email": receipt.get("Email", ""), "phone": receipt.get("Phone", ""),
            "taxation": receipt.get("Taxation", ""),
            "items": [{"name": item["Name"], "kopecks": int(item["Amount"])}
                      for item in receipt["Items"]]}


def _checkout_receipt_kept(receipt: dict) -> dict:
    customer = receipt.get("customer") or {}
    return {"email": customer.get("email", ""), "phone": customer.get("phone", ""),
            "taxation": str(receipt.get("tax_system_code", "")),
            "items": [{"name": item["description"],
                       "kopecks": int(Decimal(item["amount"]["value"]) * 100)}
                      for item in receipt["items"]]}


def receipt_page(request: HttpRequest, payment_id: str) -> HttpResponse:
    """The receipt as the register's OFD shows it to whoever has its link."""
    payment = get_object_or_404(TestBankPayment, payment_id=payment_id, status="CONFIRMED",
                                receipt__isnull=False)
    return render(request, "payments/test_bank/receipt.html", {
        "payment": payment, "receipt": payment.receipt,
        "lines": [(item["name"], Decimal(item["kopecks"]) / 100)
                  for item in payment.receipt["items"]],
        "total": Decimal(payment.amount_kopecks) / 100})


# SBP: GetQr after Init, and a page that plays the payer's bank app ----------------------

SBP_MIN_KOPECKS = 1000
SBP_BANK_ID = "100000000004"  # the SBP member id the test bank's QR codes name


def sbp_payload(payment: TestBankPayment) -> str:
    """A dynamic (type 02) SBP link, in the shape the bank's GetQr gives."""
    return (f"https://qr.nspk.ru/AD{int(payment.payment_id):030d}?type=02&bank={SBP_BANK_ID}"
            f"&sum={payment.amount_kopecks}&cur=RUB&crc=0000")


@_api
def get_qr(request: HttpRequest, data: dict) -> dict:
    payment = TestBankPayment.objects.filter(
        protocol=TestBankPayment.Protocol.ACQUIRING, payment_id=str(data.get("PaymentId")),
        status="NEW").first()
    if payment is None:
        return {"Success": False, "ErrorCode": "3015", "Message": "Init this payment first"}
    if payment.amount_kopecks < SBP_MIN_KOPECKS:
        return {"Success": False, "ErrorCode": "3016", "Message": "SBP takes from 10 roubles"}
    if data.get("DataType", "PAYLOAD") != "PAYLOAD":
        return {"Success": False, "ErrorCode": "3017", "Message": "only PAYLOAD here"}
    TestBankPayment.objects.filter(pk=payment.pk).update(sbp=True)
    return {"OrderId": payment.order_id, "PaymentId": payment.payment_id,
            "Data": sbp_payload(payment)}


def sbp_app(request: HttpRequest) -> HttpResponse:
    """The payer's bank app, as the SBP link opens it: the payee, the sum, pay or decline.
    SBP is one stage: the bank tells CONFIRMED (or REJECTED), never AUTHORIZED."""
    qr_id = re.search(r"qr\.nspk\.ru/AD(\d{30})\?", request.GET.get("qr", ""))
    payment = get_object_or_404(TestBankPayment, sbp=True, status="NEW",
                                payment_id=str(int(qr_id[1])) if qr_id else "")
    if request.method == "POST":
        paid = request.POST.get("answer") == "pay"
        payment.status = "CONFIRMED" if paid else "REJECTED"
        payment.save(update_fields=["status"])
        send_test_bank_notifications.delay(payment.payment_id, [payment.status])
        return redirect(payment.success_url if paid else payment.fail_url)
    return render(request, "payments/test_bank/sbp_app.html", {"payment": payment})


@_api
def get_state(request: HttpRequest, data: dict) -> dict:
    payment = get_object_or_404(TestBankPayment, payment_id=data["PaymentId"])
    return {"Status": payment.status, "PaymentId": payment.payment_id,
            "OrderId": payment.order_id, "Amount": payment.amount_kopecks}


# The checkout protocol (v3/) ------------------------------------------------------------

_PORTAL_WORDS = {ours: theirs for theirs, ours in STATUSES.items()}


def _checkout_api(view):
    """Basic auth with the shop's id and secret key, JSON errors as that API gives them."""
    @csrf_exempt
    def wrapper(request: HttpRequest, *args, **kwargs) -> JsonResponse:
        shop = f"{settings.PAYMENT_CHECKOUT_SHOP_ID}:{settings.PAYMENT_CHECKOUT_SECRET_KEY}"
        expected = "Basic " + base64.b64encode(shop.encode()).decode()
        if not hmac.compare_digest(request.headers.get("Authorization", "").encode(),
                                   expected.encode()):
            return _checkout_error(401, "invalid_credentials", "Login or password is wrong")
        return view(request, *args, **kwargs)
    return wrapper


def _checkout_error(status: int, code: str, description: str) -> JsonResponse:
    return JsonResponse({"type": "error", "id": str(uuid.uuid4()), "code": code,
                         "description": description}, status=status)


def _checkout_payment(request: HttpRequest, payment: TestBankPayment) -> dict:
    value = payment.amount_kopecks
    return {"id": payment.payment_id, "status": _PORTAL_WORDS.get(payment.status, "pending"),
            "paid": payment.status == "CONFIRMED", "test": True,
            "amount": {"value": f"{value // 100}.{value % 100:02d}", "currency": "RUB"},
            "description": payment.description, "metadata": {"order_id": payment.order_id},
            "created_at": payment.created_at.isoformat(),
            "confirmation": {"type": "redirect", "return_url": payment.success_url,
                             "confirmation_url": request.build_absolute_uri(
                                 reverse("test_bank:card", args=[payment.payment_id]))}}


@_checkout_api
@require_POST
def checkout_create(request: HttpRequest) -> JsonResponse:
    key = request.headers.get("Idempotence-Key", "")
    if not 0 < len(key) <= 64:
        return _checkout_error(400, "invalid_request", "Idempotence-Key header is required")
    digest = hashlib.sha256(request.body).hexdigest()
    try:
        data = json.loads(request.body)
        value = Decimal(data["amount"]["value"])
        if data["amount"]["currency"] != "RUB" or value <= 0 or value.as_tuple().exponent < -2:
            raise ValueError(data["amount"])
        kopecks = int(value * 100)
        order_id = str(data["metadata"]["order_id"])
        return_url = data["confirmation"]["return_url"]
        problem = checkout_receipt_problem(data, kopecks)
    except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError):
        return _checkout_error(400, "invalid_request", "Bad request body")
    if problem:
        return _checkout_error(400, "invalid_request", problem)
    try:
        with transaction.atomic():
            payment = TestBankPayment.objects.create(
                protocol=TestBankPayment.Protocol.CHECKOUT, payment_id=str(uuid.uuid4()),
                order_id=order_id, amount_kopecks=kopecks,
                description=data.get("description", "")[:255],
                # The shop's webhook address is its setting at the bank, not the payment's.
                notification_url=notification_url("checkout"),
                success_url=return_url, fail_url=return_url,
                idempotence_key=key, request_digest=digest,
                receipt=_checkout_receipt_kept(data["receipt"]))
    except IntegrityError:
        payment = TestBankPayment.objects.get(idempotence_key=key)
        if payment.request_digest != digest:
            return _checkout_error(400, "invalid_request", "Idempotence key duplicated")
    return JsonResponse(_checkout_payment(request, payment))


@_checkout_api
@require_GET
def checkout_payment(request: HttpRequest, payment_id: str) -> JsonResponse:
    payment = TestBankPayment.objects.filter(protocol=TestBankPayment.Protocol.CHECKOUT,
                                             payment_id=payment_id).first()
    if payment is None:
        return _checkout_error(404, "not_found", "Payment not found")
    return JsonResponse(_checkout_payment(request, payment))


# The card page, both protocols ------------------------------------------------------------

class CardForm(forms.Form):
    number = forms.CharField(label="Номер карты", max_length=23)
    expiry = forms.CharField(label="Срок действия (ММ/ГГ)", max_length=5)
    cvc = forms.CharField(label="CVC", max_length=3, widget=forms.PasswordInput)
    scenario = forms.ChoiceField(label="Уведомления банка", choices=[
        ("normal", "как обычно"), ("duplicate", "с повтором"),
        ("out_of_order", "не по порядку"), ("delayed", "с задержкой 30 с")])


def card(request: HttpRequest, payment_id: str) -> HttpResponse:
    payment = get_object_or_404(TestBankPayment, payment_id=payment_id, status="NEW")
    form = CardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = "".join(form.cleaned_data["number"].split())
        request.session[f"test-bank:{payment_id}"] = form.cleaned_data["scenario"]
        # What the bank would bind, were the payment recurrent and paid: never the number.
        request.session[f"test-bank:{payment_id}:card"] = [
            f"{number[:6]}******{number[-4:]}", form.cleaned_data["expiry"].replace("/", ""),
            CARDS_THAT_PAY_THEN.get(number, "pays")]
        if number == CARD_3DS:
            return redirect("test_bank:secure", payment_id=payment_id)
        return _finish(request, payment, paid=number in (CARD_PAYS, *CARDS_THAT_PAY_THEN),
                       scenario=form.cleaned_data["scenario"])
    return render(request, "payments/test_bank/card.html", {"payment": payment, "form": form})


def secure(request: HttpRequest, payment_id: str) -> HttpResponse:
    """The 3-D Secure-like step: a code "sent by SMS"."""
    payment = get_object_or_404(TestBankPayment, payment_id=payment_id, status="NEW")
    if request.method == "POST":
        scenario = request.session.get(f"test-bank:{payment_id}", "normal")
        return _finish(request, payment, paid=request.POST.get("code") == "1234",
                       scenario=scenario)
    return render(request, "payments/test_bank/secure.html", {"payment": payment})


def _card_bind(payment: TestBankPayment, pan: str, expiry: str, behaviour: str) -> None:
    """The bank keeps the card; the merchant will only ever hear its masked number."""
    card = TestBankCard.objects.create(
        customer_key=payment.customer_key, card_id=str(secrets.randbelow(10**9)),
        rebill_id=str(secrets.randbelow(10**15)), pan=pan, expiry=expiry[:4],
        behaviour=behaviour)
    TestBankPayment.objects.filter(pk=payment.pk).update(rebill_id=card.rebill_id)


@_api
def charge(request: HttpRequest, data: dict) -> dict:
    """Charge a bound card for a fresh payment made by Init (no Recurrent): one stage, the
    answer CONFIRMED or REJECTED, and the notification sent as for any payment."""
    payment = TestBankPayment.objects.filter(
        protocol=TestBankPayment.Protocol.ACQUIRING, payment_id=str(data.get("PaymentId")),
        status="NEW", customer_key="", recurrent_charge=False, sbp=False).first()
    card = TestBankCard.objects.filter(rebill_id=str(data.get("RebillId")), status="A").first()
    if payment is None or card is None:
        return {"Success": False, "ErrorCode": "1003" if card is None else "3015",
                "Message": "No such card" if card is None else "Init a fresh payment first"}
    if card.behaviour == "slow":
        time.sleep(settings.PAYMENT_GATEWAY_TIMEOUT_SECONDS + 1)  # the merchant stops waiting
    status = "REJECTED" if card.behaviour == "no_funds" else "CONFIRMED"
    TestBankPayment.objects.filter(pk=payment.pk).update(
        status=status, rebill_id=card.rebill_id, recurrent_charge=True)
    send_test_bank_notifications.delay(payment.payment_id, [status])
    answer = {"Status": status, "PaymentId": payment.payment_id, "OrderId": payment.order_id,
              "Amount": payment.amount_kopecks}
    if status == "REJECTED":
        return {**answer, "Success": False, "ErrorCode": "1051", "Message": "Insufficient funds"}
    return answer


@_api
def get_card_list(request: HttpRequest, data: dict) -> list:
    cards = TestBankCard.objects.filter(customer_key=str(data.get("CustomerKey")))
    return [{"CardId": card.card_id, "Pan": card.pan, "Status": card.status,
             "RebillId": card.rebill_id, "CardType": 0, "ExpDate": card.expiry}
            for card in cards.order_by("pk")]


@_api
def remove_card(request: HttpRequest, data: dict) -> dict:
    removed = TestBankCard.objects.filter(customer_key=str(data.get("CustomerKey")),
                                          card_id=str(data.get("CardId")), status="A")
    if not removed.update(status="D"):
        return {"Success": False, "ErrorCode": "7", "Message": "No such card"}
    return {"CustomerKey": data["CustomerKey"], "CardId": data["CardId"], "Status": "D",
            "CardType": 0}


def _finish(request: HttpRequest, payment: TestBankPayment, *, paid: bool,
            scenario: str) -> HttpResponse:
    payment.status = "CONFIRMED" if paid else "REJECTED"
    payment.save(update_fields=["status"])
    if paid and payment.customer_key:  # Recurrent: the card that paid is bound
        _card_bind(payment, *request.session[f"test-bank:{payment.payment_id}:card"])
    statuses = SCENARIOS[scenario] if paid else ["REJECTED"]
    delay = 30 if scenario == "delayed" else 0
    send_test_bank_notifications.apply_async((payment.payment_id, statuses), countdown=delay)
    return redirect(payment.success_url if paid else payment.fail_url)
