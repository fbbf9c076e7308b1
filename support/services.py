"""Questions: asked, answered by staff (the author is told), published to the FAQ."""

from django.db import transaction
from django.utils import timezone

from accounts.cabinet import personal_accounts_changed
from accounts.models import PersonalAccount
from vodokanal.audit import audit_record

from .models import DEFAULT_NOTICES, Channel, FaqEntry, NotificationChoice, Question
from .tasks import fan_out_question_answered


@transaction.atomic
def question_ask(*, user, topic: str, text: str, upload=None) -> Question:
    question = Question(user=user, topic=topic, text=text)
    if upload:
        question.attachment = upload
        question.attachment_name = upload.name[:255]
    question.save()
    audit_record(action="support.question_asked", actor=user, question=question.pk)
    return question


@transaction.atomic
def question_answer(*, question: Question, staff, answer: str) -> None:
    """Save the answer; the author hears of it the first time only (a later edit is silent)."""
    first_time = question.answered_at is None
    question.answer = answer
    question.answered_by = staff
    question.answered_at = question.answered_at or timezone.now()
    question.save(update_fields=["answer", "answered_by", "answered_at"])
    audit_record(action="support.question_answered", actor=staff, question=question.pk)
    # The Information tab shows recent answers.
    personal_accounts_changed(account_ids=PersonalAccount.objects.filter(
        user=question.user_id).values_list("pk", flat=True))
    if first_time:
        transaction.on_commit(lambda: fan_out_question_answered.delay(question.pk))


@transaction.atomic
def faq_publish(*, question: Question, actor) -> FaqEntry | None:
    """Copy an answered question into the public FAQ (staff then edit out anything personal)."""
    if not question.answer or FaqEntry.objects.filter(source=question).exists():
        return None
    entry = FaqEntry.objects.create(question=question.text, answer=question.answer,
                                    topic=question.topic, source=question)
    audit_record(action="support.faq_published", actor=actor, question=question.pk)
    return entry


@transaction.atomic
def notification_choices_set(*, user, choices: set[tuple[str, str]]) -> None:
    """Keep exactly `choices`, a set of (kind of notice, channel)."""
    current = set(user.notification_choices.values_list("kind", "channel"))
    for kind, channel in current - choices:
        user.notification_choices.filter(kind=kind, channel=channel).delete()
    NotificationChoice.objects.bulk_create(
        [NotificationChoice(user=user, kind=kind, channel=channel)
         for kind, channel in choices - current],
        ignore_conflicts=True)
    audit_record(action="support.notifications_changed", actor=user,
                 choices=sorted(f"{kind}/{channel}" for kind, channel in choices))


def notifications_default_set(*, user) -> None:
    """Turn on what a new login of its kind starts with (DEFAULT_NOTICES)."""
    NotificationChoice.objects.bulk_create(
        [NotificationChoice(user=user, kind=kind, channel=channel)
         for kind, channel in DEFAULT_NOTICES.get(user.kind, [])], ignore_conflicts=True)


def sms_notices_stop(*, user) -> None:
    """Nothing is left to send an SMS to."""
    user.notification_choices.filter(channel=Channel.SMS).delete()
