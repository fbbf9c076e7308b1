"""What each kind of notice says: templates under support/notices/, one set per kind."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import PersonalAccount
from billing.models import Document, Tariff
from billing.pdf import receipt_pdf
from billing.receipts import receipt_for_month
from billing.selectors import account_summary
from meters.models import Meter
from payments.models import AutopayRun, PaymentOrder
from vodokanal.emails import templated_email_render

from .models import Announcement, NoticeKind


class NoticeObsolete(Exception):
    """What the notice was about is gone (the account left this login, say): never send it."""


@dataclass(frozen=True)
class NoticeMessage:
    subject: str
    text: str
    html: str
    sms: str
    attachments: tuple[tuple[str, bytes, str], ...] = ()


def notice_message(notice) -> NoticeMessage:
    return _RENDERERS[notice.kind](notice)


def _from_templates(name: str, context: dict, attachments=()) -> NoticeMessage:
    template = f"support/notices/{name}"
    subject, text, html = templated_email_render(template=template, context=context)
    with translation.override(settings.LANGUAGE_CODE):
        sms = " ".join(render_to_string(f"{template}_sms.txt",
                                        {"utility": settings.UTILITY, **context}).split())
    return NoticeMessage(subject, text, html, sms, tuple(attachments))


def _tariff_change(notice) -> NoticeMessage:
    tariff = Tariff.objects.get(pk=notice.payload["tariff"])
    return _from_templates("tariff_change", {"tariff": tariff})


def _paperless_receipt(notice) -> NoticeMessage:
    account = (PersonalAccount.objects.select_related("building")
               .filter(pk=notice.payload["account"], user=notice.user).first())
    period = date.fromisoformat(notice.payload["period"])
    receipt = account and receipt_for_month(account=account, period=period,
                                            today=timezone.localdate())
    if not receipt:
        raise NoticeObsolete
    with translation.override(settings.LANGUAGE_CODE):
        document = receipt_pdf(receipt)
    name = f"receipt-{account.number}-{period:%Y%m}.pdf"
    return _from_templates("paperless_receipt", {"receipt": receipt},
                           attachments=[(name, document, "application/pdf")])


def _document_published(notice) -> NoticeMessage:
    document = Document.objects.filter(pk=notice.payload["document"],
                                       organisation__user=notice.user).first()
    if document is None:
        raise NoticeObsolete
    return _from_templates("document_published", {"document": document})


def _reading_reminder(notice) -> NoticeMessage:
    closes = date.fromisoformat(notice.payload["closes"])
    return _from_templates(notice.payload["what"], {"closes": closes})


def _verification_due(notice) -> NoticeMessage:
    meter = (Meter.objects.select_related("account")
             .filter(pk=notice.payload["meter"], account__user=notice.user,
                     removed_on__isnull=True).first())
    if meter is None:
        raise NoticeObsolete
    return _from_templates("verification_due", {"meter": meter})


def _debt_reminder(notice) -> NoticeMessage:
    account = PersonalAccount.objects.filter(pk=notice.payload["account"],
                                             user=notice.user).first()
    summary = account and account_summary(account=account)
    if not summary or summary.to_pay <= 0:
        raise NoticeObsolete  # paid since, or the account left this login
    return _from_templates("debt_reminder", {"account": account, "summary": summary})


def _announcement(notice) -> NoticeMessage:
    announcement = Announcement.objects.filter(pk=notice.payload["announcement"]).first()
    if announcement is None or announcement.version != notice.payload["version"]:
        raise NoticeObsolete  # changed before this went: the newer version's notice goes
    return _from_templates("announcement", {"announcement": announcement})


def _payment_received(notice) -> NoticeMessage:
    # The login's own payment, or one made without a login to an account of theirs.
    order = (PaymentOrder.objects.filter(
        Q(user=notice.user) | Q(user=None, lines__account__user=notice.user),
        pk=notice.payload["order"]).distinct().prefetch_related("lines__account").first())
    if order is None:
        raise NoticeObsolete
    return _from_templates("payment_received", {"order": order})


def _autopay(notice) -> NoticeMessage:
    run = (AutopayRun.objects.filter(pk=notice.payload["run"], rule__user=notice.user)
           .select_related("account", "rule__card").first())
    if run is None:
        raise NoticeObsolete
    return _from_templates(f"autopay_{notice.payload['event']}", {
        "run": run, "settings_url": f"{settings.SITE_URL}{reverse('payments:autopay')}"})


def _question_answered(notice) -> NoticeMessage:
    from .models import Question

    question = Question.objects.filter(pk=notice.payload["question"], user=notice.user).first()
    if question is None:
        raise NoticeObsolete
    return _from_templates("question_answered", {"question": question})


_RENDERERS = {
    NoticeKind.QUESTION_ANSWERED: _question_answered,
    NoticeKind.PAYMENT_RECEIVED: _payment_received,
    NoticeKind.READING_REMINDER: _reading_reminder,
    NoticeKind.VERIFICATION_DUE: _verification_due,
    NoticeKind.DOCUMENT_PUBLISHED: _document_published,
    NoticeKind.TARIFF_CHANGE: _tariff_change,
    NoticeKind.PAPERLESS_RECEIPT: _paperless_receipt,
    NoticeKind.DEBT_REMINDER: _debt_reminder,
    NoticeKind.OUTAGE: _announcement,
    NoticeKind.ANNOUNCEMENT: _announcement,
    NoticeKind.AUTOPAY: _autopay,
}
