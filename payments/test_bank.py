"""The built-in test bank (/test-bank/): the partner bank's protocol, played locally.

It answers Init and GetState as the bank's API does, shows a card page
(success, decline, a 3-D Secure-like code step) and sends signed notifications
to the portal, on request duplicated, out of order or late. It is mounted only
when TEST_BANK_ENABLED (make run, tests), never in production by default.

Cards: 4111 1111 1111 1111 pays; 4000 0000 0000 0002 is declined;
5555 5555 5555 4444 asks for the code 1234 first.
"""

import json
import secrets

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .gateways.acquiring import acquiring_token
from .models import TestBankPayment
from .tasks import send_test_bank_notifications

CARD_PAYS, CARD_DECLINED, CARD_3DS = "4111111111111111", "4000000000000002", "5555555555554444"
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
        return JsonResponse({"Success": True, "ErrorCode": "0",
                             "TerminalKey": data.get("TerminalKey"), **view(request, data)})
    return wrapper


@_api
def init(request: HttpRequest, data: dict) -> dict:
    payment = TestBankPayment.objects.create(
        payment_id=str(secrets.randbelow(10**12)), order_id=data["OrderId"],
        amount_kopecks=int(data["Amount"]), description=data.get("Description", ""),
        notification_url=data["NotificationURL"], success_url=data["SuccessURL"],
        fail_url=data["FailURL"])
    url = request.build_absolute_uri(reverse("test_bank:card", args=[payment.payment_id]))
    return {"Status": "NEW", "PaymentId": payment.payment_id, "OrderId": payment.order_id,
            "Amount": payment.amount_kopecks, "PaymentURL": url}


@_api
def get_state(request: HttpRequest, data: dict) -> dict:
    payment = get_object_or_404(TestBankPayment, payment_id=data["PaymentId"])
    return {"Status": payment.status, "PaymentId": payment.payment_id,
            "OrderId": payment.order_id, "Amount": payment.amount_kopecks}


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
        if number == CARD_3DS:
            return redirect("test_bank:secure", payment_id=payment_id)
        return _finish(payment, paid=number == CARD_PAYS,
                       scenario=form.cleaned_data["scenario"])
    return render(request, "payments/test_bank/card.html", {"payment": payment, "form": form})


def secure(request: HttpRequest, payment_id: str) -> HttpResponse:
    """The 3-D Secure-like step: a code "sent by SMS"."""
    payment = get_object_or_404(TestBankPayment, payment_id=payment_id, status="NEW")
    if request.method == "POST":
        scenario = request.session.get(f"test-bank:{payment_id}", "normal")
        return _finish(payment, paid=request.POST.get("code") == "1234", scenario=scenario)
    return render(request, "payments/test_bank/secure.html", {"payment": payment})


def _finish(payment: TestBankPayment, *, paid: bool, scenario: str) -> HttpResponse:
    payment.status = "CONFIRMED" if paid else "REJECTED"
    payment.save(update_fields=["status"])
    statuses = SCENARIOS[scenario] if paid else ["REJECTED"]
    delay = 30 if scenario == "delayed" else 0
    send_test_bank_notifications.apply_async((payment.payment_id, statuses), countdown=delay)
    return redirect(payment.success_url if paid else payment.fail_url)
