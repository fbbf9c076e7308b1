"""Questions and answers, the FAQ, offices, the information pages, the list of notices and
the choice of them."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import building_by_address
from vodokanal.json_input import json_bounded_loads
from vodokanal.throttle import form_request_allowed, limit_reached_message, mail_allowed
from vodokanal.uploads import private_file_response

from . import selectors, services
from .forms import (
    FaqSearchForm,
    GuestQuestionForm,
    NotificationChoicesForm,
    OfficeSearchForm,
    PushSubscriptionForm,
    QuestionForm,
)
from .models import Office
from .selectors import offices_by_distance


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    # A page that sends the resident here may say what about (the Meters tab, of a reading
    # it cannot take): the form starts with it, and the resident sends it or not.
    start = {name: request.GET[name][:4000] for name in ("topic", "text") if name in request.GET}
    form = QuestionForm(request.POST or None, request.FILES or None, initial=start)
    status = 200
    if request.method == "POST" and form.is_valid():
        # Each answer is mailed: questions are limited like the other forms that mail.
        if form_request_allowed(request, "question"):
            return _question_ask(request, form.cleaned_data)
        form.add_error(None, limit_reached_message())
        status = 429
    return render(request, "support/questions.html", {
        "form": form, "questions": selectors.questions_for_user(user=request.user)[:50]},
        status=status)


def _question_ask(request: HttpRequest, data: dict) -> HttpResponse:
    question = services.question_ask(user=request.user, topic=data["topic"], text=data["text"],
                                     upload=data["attachment"])
    messages.success(request, _("Your question has been sent. The answer will appear here, "
                                "and we will let you know."))
    return redirect("support:question", pk=question.pk)


def ask(request: HttpRequest) -> HttpResponse:
    """«Задать вопрос» from the main menu: a login asks in the cabinet, where the answer
    shows; a visitor without one gives a name and an e-mail, and the answer is mailed."""
    if request.user.is_authenticated:
        return redirect("support:questions")
    form = GuestQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # Per address and per e-mail: the answer is a mail to whatever address was typed.
        if form_request_allowed(request, "guest_question") and mail_allowed(data["email"]):
            services.guest_question_ask(name=data["name"], email=data["email"],
                                        account_number=data["account_number"],
                                        topic=data["topic"], text=data["text"])
            return render(request, "support/ask_sent.html", {"email": data["email"]})
        form.add_error(None, limit_reached_message())
        return render(request, "support/ask.html", {"form": form}, status=429)
    return render(request, "support/ask.html", {"form": form})


@login_required
def question(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "support/question.html",
                  {"question": selectors.question_get_for_user(user=request.user, pk=pk)})


@login_required
def question_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Only the author and staff: the file is served by this check, never from a public URL."""
    found = selectors.question_get_for_user(user=request.user, pk=pk)
    return private_file_response(found.attachment, found.attachment_name)


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """What the utility told the login, newest first (new ones marked), and now seen."""
    numbers = list(request.user.personal_accounts.order_by("number")
                   .values_list("number", flat=True))
    chosen = request.GET.get("account", "") if request.GET.get("account") in numbers else ""
    lines = selectors.notice_lines_for_user(user=request.user, account_number=chosen)
    services.notices_mark_read(user=request.user)
    return render(request, "support/notices.html", {
        "lines": lines, "numbers": numbers if len(numbers) > 1 else [], "chosen": chosen,
        "unread_notices": 0})


@login_required
def notice_settings(request: HttpRequest) -> HttpResponse:
    chosen = selectors.notification_choices_for_user(user=request.user)
    form = NotificationChoicesForm(
        request.POST if request.method == "POST" else None, user=request.user,
        initial={f"{kind}__{channel}": True for kind, channel in chosen})
    if request.method == "POST" and form.is_valid():
        services.notification_choices_set(user=request.user, choices=form.choices())
        messages.success(request, _("Your notification choices have been saved."))
        return redirect("support:notice_settings")
    return render(request, "support/notice_settings.html", {
        "form": form, "devices": request.user.push_subscriptions.all(),
        "vapid_public_key": settings.WEB_PUSH_VAPID_PUBLIC_KEY})


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    """This device's subscription, as the browser's PushManager gives it (JSON)."""
    form = PushSubscriptionForm(_json_body(request))
    if not form.is_valid():
        return JsonResponse({"errors": form.errors, "message": _(
            "This browser's push service is not one the portal sends to.")}, status=400)
    try:
        device = services.push_subscribe(user=request.user, **form.cleaned_data,
                                         device=request.headers.get("User-Agent", ""))
    except services.PushRefused as refused:
        return JsonResponse({"message": str(refused)}, status=409)
    return JsonResponse({"id": device.pk}, status=201)


def _json_body(request: HttpRequest) -> dict:
    try:
        data = json_bounded_loads(request.body, max_bytes=4096, max_depth=2)
    except ValueError:  # UnicodeDecodeError included
        return {}
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, dict):
        return {}
    return {"endpoint": data.get("endpoint"), "p256dh": keys.get("p256dh"),
            "auth": keys.get("auth")}


@login_required
@require_POST
def push_remove(request: HttpRequest, pk: int) -> HttpResponse:
    services.push_unsubscribe(user=request.user, pk=pk)
    messages.success(request, _("Push is off on that device."))
    return redirect("support:notice_settings")


def faq(request: HttpRequest) -> HttpResponse:
    form = FaqSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(request, "support/faq.html",
                  {"entries": selectors.faq_search(query=query), "query": query})


def outages(request: HttpRequest) -> HttpResponse:
    """Outages and announcements now and ahead, found by street."""
    form = FaqSearchForm(request.GET)
    street = form.cleaned_data["q"] if form.is_valid() else ""
    return render(request, "support/outages.html", {
        "announcements": selectors.announcements_search(street=street, now=timezone.now()),
        "street": street})


def offices(request: HttpRequest) -> HttpResponse:
    """The offices; the nearest first, with the distance, to an address or a position."""
    form = OfficeSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    point, not_found = None, False
    if data.get("lat") is not None and data.get("lon") is not None:
        point = (data["lat"], data["lon"])
    elif data.get("address", "").strip():
        building = building_by_address(typed=data["address"])
        point = building and (building.latitude, building.longitude)
        not_found = building is None
    offices = (offices_by_distance(latitude=point[0], longitude=point[1]) if point
               else [(office, None) for office in Office.objects.all()])
    return render(request, "support/offices.html",
                  {"offices": offices, "form": form, "measured": bool(point),
                   "not_found": not_found})


def page(template: str):
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template)
    return view
