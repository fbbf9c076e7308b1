"""Paying in the cabinet: the form, the return page (shows, never credits), the bank's callback."""

import logging
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from accounts.cabinet import personal_account_required
from accounts.matching import surname_matches
from accounts.models import PersonalAccount
from accounts.selectors import personal_accounts_for_user
from billing.payment_qr import payment_qr_svg_data_uri
from billing.selectors import account_summary
from vodokanal.throttle import (
    HOUR,
    attempt_allowed,
    client_address,
    form_request_allowed,
    limit_reached_message,
)

from . import autopay as autopay_services
from . import selectors, services
from .forms import AutopayForm, GuestPaymentForm, PaymentForm
from .gateways import sbp_bank
from .gateways.base import GatewayUnavailable, InvalidSignature, notification_json
from .models import BoundCard, PaymentOrder

logger = logging.getLogger(__name__)


@personal_account_required
def pay(request: HttpRequest, account: PersonalAccount) -> HttpResponse:
    accounts = request.personal_accounts
    debts = {a.pk: account_summary(account=a).to_pay for a in accounts}
    form = PaymentForm(request.POST or None, accounts=accounts, debts=debts, payer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.payment_start(user=request.user, shares=form.shares(),
                                           bank=form.bank(), method=form.method(),
                                           email=form.cleaned_data["email"],
                                           remember_card=form.remember_card())
        except GatewayUnavailable:
            _bank_not_answering(request)
        else:
            return _to_the_bank(order)
    return render(request, "payments/pay.html", {
        "account": account, "tab": "pay", "form": form, "sbp_bank": sbp_bank(),
        "autopay_next": selectors.autopay_next(account=account, today=timezone.localdate())})


def _visitors_order(view):
    """The view's order is the visitor's (the login's, or this browser's paid without a
    login): another login's is a 404; a visitor not logged in is asked to log in, as the
    order may be theirs."""
    @wraps(view)
    def wrapper(request: HttpRequest, order_id: str) -> HttpResponse:
        try:
            order = selectors.order_get_for_visitor(request=request, order_id=order_id)
        except Http404:
            if request.user.is_authenticated:
                raise
            return redirect_to_login(request.get_full_path())
        return view(request, order)
    return wrapper


@never_cache
@_visitors_order
def sbp(request: HttpRequest, order) -> HttpResponse:
    """The order's SBP QR code, to scan with the bank app on another device, and the same
    link to tap on a phone that has the app. Money moves only on the bank's notification."""
    if not order.sbp_payload:
        raise Http404
    return render(request, "payments/sbp.html", {
        "order": order, "qr": payment_qr_svg_data_uri(order.sbp_payload),
        "test_bank_app": settings.TEST_BANK_ENABLED})


@login_required
def cards(request: HttpRequest) -> HttpResponse:
    """The login's bound cards, each removable: the bank forgets it first."""
    if request.method == "POST":
        try:
            services.card_remove(user=request.user, pk=int(request.POST.get("card", 0)))
        except (ValueError, BoundCard.DoesNotExist):
            raise Http404 from None
        except GatewayUnavailable:
            messages.error(request, _("The bank is not answering now; the card is not removed. "
                                      "Please try again in a few minutes."))
        else:
            messages.success(request, _("The card is removed: the bank no longer keeps it."))
        return redirect("payments:cards")
    return render(request, "payments/cards.html",
                  {"cards": selectors.cards_for_user(user=request.user)})


@login_required
def autopay(request: HttpRequest) -> HttpResponse:
    """The login's accounts' autopay: turn it on with a card and a cap, off, or skip the
    month a notice told of."""
    accounts = personal_accounts_for_user(user=request.user)
    cards = selectors.cards_for_user(user=request.user)
    form = AutopayForm(request.POST if request.POST.get("action") == "on" else None,
                       accounts=accounts, cards=cards)
    if request.method == "POST":
        done = _autopay_change(request, form, {account.pk: account for account in accounts})
        if done:
            messages.success(request, done)
            return redirect("payments:autopay")
    return render(request, "payments/autopay.html", {
        "form": form, "cards": cards,
        "autopays": selectors.autopay_of_accounts(accounts=accounts)})


def _autopay_change(request: HttpRequest, form: AutopayForm, accounts: dict) -> str:
    """What was done, or "" (the form says why)."""
    action = request.POST.get("action")
    if action == "on":
        if not form.is_valid():
            return ""
        data = form.cleaned_data
        autopay_services.autopay_rule_set(
            user=request.user, account=form.accounts[data["account"]],
            card=form.cards[data["card"]], cap=data["cap"])
        return _("Autopay is on.")
    account = accounts.get(_int(request.POST.get("account")))
    if account is None or action not in ("off", "skip"):
        raise Http404
    if action == "off":
        autopay_services.autopay_rule_off(user=request.user, account=account)
        return _("Autopay is off.")
    if autopay_services.autopay_skip(user=request.user, account=account,
                                     run_id=_int(request.POST.get("run"))):
        return _("This month's autopay is skipped.")
    return _("It is too late to skip: the charge has been sent to the bank.")


def _int(text) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return 0


@never_cache  # a debt and an address, to a visitor without a login
def guest_pay(request: HttpRequest) -> HttpResponse:
    """Pay for an account without its login. Every sending counts against the client
    address's hourly limit and the whole site's budget a minute, surnames against the
    account's own limit: nobody learns addresses, holders or debts by the thousand."""
    form = GuestPaymentForm(request.POST or None)
    debt = None
    if request.method == "POST":
        refusal = _guest_lookup_refusal(request)
        if refusal:
            form.add_error(None, refusal)
            return render(request, "payments/guest_pay.html", {"form": form}, status=429)
        form.is_valid()
        if form.payee is not None:
            debt = _debt_for_surname(form, form.data.get("surname", ""))
            if debt is not None:
                form = _amount_filled(form, debt)
        if form.is_valid() and form.paying():
            started = _guest_payment_start(request, form)
            if started is not None:
                return started
    return render(request, "payments/guest_pay.html", {
        "form": form, "payee": form.payee, "debt": debt, "sbp_bank": sbp_bank()})


def _guest_lookup_refusal(request: HttpRequest) -> str:
    if not form_request_allowed(request, "guest_payment"):
        return limit_reached_message()
    if not attempt_allowed(scope="guest_payment:site", key="all", window_seconds=60,
                           limit=settings.GUEST_PAYMENT_LOOKUPS_PER_MINUTE):
        return _("The page is taking too many requests right now. Please try again in a few "
                 "minutes, or pay in the cabinet.")
    return ""


def _debt_for_surname(form: GuestPaymentForm, surname: str):
    """The debt, for one who typed the holder's surname; every surname typed for an
    account counts against its hourly limit, whoever typed it and from wherever."""
    if not surname.strip():
        return None
    if not attempt_allowed(scope="guest_payment:surname", key=form.payee.number,
                           limit=settings.GUEST_PAYMENT_SURNAMES_PER_ACCOUNT,
                           window_seconds=HOUR):
        form.add_error("surname", _("Too many surnames have been tried for this account: "
                                    "the debt is not shown for an hour. Any amount can still "
                                    "be paid."))
        return None
    account = form.payee.account
    if account is None or not surname_matches(account, surname):
        return None
    return account_summary(account=account).to_pay


def _amount_filled(form: GuestPaymentForm, debt) -> GuestPaymentForm:
    """Once the debt is shown, the amount to pay is it, unless the payer typed another."""
    if form.paying() or debt <= 0 or form.data.get("amount"):
        return form
    data = form.data.copy()
    data["amount"] = number_format(debt, decimal_pos=2, use_l10n=True)
    filled = GuestPaymentForm(data)
    filled.is_valid()
    return filled


def _guest_payment_start(request: HttpRequest, form: GuestPaymentForm) -> HttpResponse | None:
    data = form.cleaned_data
    try:
        order = services.payment_start(
            user=None, shares=[services.PaymentShare(form.account, data["amount"])],
            bank=form.bank(), method=form.method(), email=data["email"])
    except GatewayUnavailable:
        _bank_not_answering(request)
        return None
    # This browser may see the order's pages, as a login sees its own.
    request.session[selectors.GUEST_ORDERS] = [
        *request.session.get(selectors.GUEST_ORDERS, [])[-19:], order.order_id]
    return _to_the_bank(order)


def _bank_not_answering(request: HttpRequest) -> None:
    messages.error(request, _("The bank is not answering now. Nothing was charged; "
                              "please try again in a few minutes."))


def _to_the_bank(order) -> HttpResponse:
    if order.method == order.Method.SBP:
        return redirect("payments:sbp", order_id=order.order_id)
    return redirect(order.payment_url)


WAITING = (PaymentOrder.Status.NEW, PaymentOrder.Status.AUTHORIZED)


@never_cache
@_visitors_order
def payment_return(request: HttpRequest, order) -> HttpResponse:
    """Where the bank sends the customer back. It shows the status, and asks for it again
    by itself while the bank has not said (static/js/payment-status.js); money moves only
    on the bank's notification."""
    return render(request, "payments/return.html", {
        "order": order, "lines": order.lines.select_related("account"),
        "came_back_with": request.GET.get("result", ""), "waiting": order.status in WAITING,
        "receipt_to": order.payer_email or (order.user and order.user.email) or ""})


@never_cache
@_visitors_order
def payment_status(request: HttpRequest, order) -> JsonResponse:
    """What the return and SBP pages ask while they wait: the order's status now."""
    return JsonResponse({"status": order.status, "page": reverse(
        "payments:return", kwargs={"order_id": order.order_id})})


@csrf_exempt  # the bank signs its notifications instead
@require_POST
def notification(request: HttpRequest, gateway: str) -> HttpResponse:
    """Never a 500, and nothing revealed: a malformed body is a 4xx that changes nothing;
    one that cannot be applied now is a 503, which the bank retries."""
    if gateway not in services.GATEWAY_NAMES:
        raise Http404
    if request.content_type != "application/json":
        return _answer("unsupported media type", 415)
    try:
        data = notification_json(request.body)
    except ValueError:
        return _answer("bad request", 400)
    try:
        services.notification_receive(gateway_name=gateway, data=data,
                                      client=client_address(request) or "unknown")
    except InvalidSignature:
        return _answer("bad signature", 403)
    except services.NotificationLimited:
        return _answer("too many requests", 429)
    except services.NotificationNotApplied:
        return _answer("try again", 503)
    return _answer("OK", 200)


def _answer(text: str, status: int) -> HttpResponse:
    return HttpResponse(text, status=status, content_type="text/plain")
