"""Questions and answers, the FAQ, offices, the information pages, the list of notices and
the choice of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from vodokanal.throttle import form_request_allowed, limit_reached_message
from vodokanal.uploads import private_file_response

from . import selectors, services
from .forms import FaqSearchForm, NotificationChoicesForm, QuestionForm
from .models import Office


@login_required
def questions(request: HttpRequest) -> HttpResponse:
    form = QuestionForm(request.POST or None, request.FILES or None)
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
    return render(request, "support/notices.html",
                  {"notices": selectors.notices_for_user(user=request.user)[:100]})


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
    return render(request, "support/notice_settings.html", {"form": form})


def faq(request: HttpRequest) -> HttpResponse:
    form = FaqSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(request, "support/faq.html",
                  {"entries": selectors.faq_search(query=query), "query": query})


def offices(request: HttpRequest) -> HttpResponse:
    return render(request, "support/offices.html", {"offices": Office.objects.all()})


def page(template: str):
    def view(request: HttpRequest) -> HttpResponse:
        return render(request, template)
    return view
