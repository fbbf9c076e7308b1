"""Questions: asked, answered by staff (the author is told), published to the FAQ."""

from django.db import transaction
from django.utils import timezone

from accounts.cabinet import personal_accounts_changed
from accounts.models import PersonalAccount
from vodokanal.audit import audit_record

from .models import FaqEntry, Question
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
