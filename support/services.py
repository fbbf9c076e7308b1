"""Questions: asked, answered by staff (the author is told), published to the FAQ; outages and
announcements published, corrected and cancelled; notification choices."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.cabinet import cabinets_changed, personal_accounts_changed
from accounts.models import PersonalAccount, User
from vodokanal.audit import audit_record

from .masking import personal_data_masked
from .models import (
    DEFAULT_NOTICES,
    Announcement,
    Channel,
    FaqEntry,
    Notice,
    NotificationChoice,
    PushSubscription,
    Question,
)
from .tasks import fan_out_announcement, fan_out_question_answered, send_guest_answer


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
def guest_question_ask(*, name: str, email: str, account_number: str, topic: str,
                       text: str) -> Question:
    question = Question.objects.create(guest_name=name, guest_email=email,
                                       guest_account_number=account_number, topic=topic,
                                       text=text)
    audit_record(action="support.guest_question_asked", actor=None, question=question.pk)
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
    if question.user_id is None:  # a guest: the answer goes by e-mail, the first time
        if first_time:
            transaction.on_commit(lambda: send_guest_answer.delay(question.pk))
        return
    # The Information tab shows recent answers.
    personal_accounts_changed(account_ids=PersonalAccount.objects.filter(
        user=question.user_id).values_list("pk", flat=True))
    if first_time:
        transaction.on_commit(lambda: fan_out_question_answered.delay(question.pk))


@transaction.atomic
def faq_draft_make(*, question: Question, actor) -> FaqEntry | None:
    """A draft of the FAQ from an answered question, with what it says of the resident
    masked (support.masking); nothing of it is public until staff publish it."""
    if not question.answer or FaqEntry.objects.filter(source=question).exists():
        return None
    names, streets = _whose(question)
    entry = FaqEntry.objects.create(
        question=personal_data_masked(question.text, names=names, streets=streets),
        answer=personal_data_masked(question.answer, names=names, streets=streets),
        topic=question.topic, source=question)
    audit_record(action="support.faq_drafted", actor=actor, question=question.pk)
    return entry


def _whose(question: Question) -> tuple[list[str], list[str]]:
    """The names and streets a question may speak of: its author's and their accounts'."""
    names = [question.guest_name]
    accounts = PersonalAccount.objects.none()
    if question.user_id:
        names += [question.user.first_name, question.user.last_name]
        accounts = PersonalAccount.objects.filter(user=question.user_id)
    elif question.guest_account_number:
        accounts = PersonalAccount.objects.filter(number=question.guest_account_number)
    streets = []
    for account in accounts.select_related("building"):
        names += [account.last_name, account.first_name, account.middle_name]
        streets += [part for part in account.building.address.split(", ")
                    if not part.startswith(("г.", "д.", "кв."))]
        streets += [part.split(" ", 1)[-1] for part in streets]
    return [name for name in names if name], streets


def faq_entry_publish(*, entry: FaqEntry, actor) -> bool:
    """Put a checked draft on /faq/. False when it is published already."""
    published = FaqEntry.objects.filter(pk=entry.pk, published_at__isnull=True).update(
        published_at=timezone.now())
    if published:
        audit_record(action="support.faq_published", actor=actor, entry=entry.pk)
        cabinets_changed()  # as any change of the FAQ (support/receivers.py)
    return bool(published)


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


@transaction.atomic
def announcement_publish(*, announcement: Announcement, actor) -> bool:
    """Show it (the public page, the cabinets of its addresses) and tell those who asked.
    False when it is published already or cancelled."""
    if announcement.published_at or announcement.cancelled_at:
        return False
    announcement.published_at = timezone.now()
    _announce(announcement, actor, "support.announcement_published")
    return True


@transaction.atomic
def announcement_change(*, announcement: Announcement, actor) -> None:
    """Staff saved a change: once published, everyone concerned hears one correction."""
    announcement.save()
    if announcement.published_at and not announcement.cancelled_at:
        _announce(announcement, actor, "support.announcement_corrected")


@transaction.atomic
def announcement_cancel(*, announcement: Announcement, actor) -> bool:
    """Withdraw it; those who heard of it hear it is cancelled. False when it is cancelled
    already."""
    if announcement.cancelled_at:
        return False
    announcement.cancelled_at = timezone.now()
    if not announcement.published_at:
        announcement.save(update_fields=["cancelled_at"])
        return True
    _announce(announcement, actor, "support.announcement_cancelled")
    return True


def _announce(announcement: Announcement, actor, action: str) -> None:
    """A new version: saved, shown in every cabinet it concerns, and sent after the commit."""
    announcement.version += 1
    announcement.save()
    audit_record(action=action, actor=actor, announcement=announcement.pk,
                 version=announcement.version)
    cabinets_changed()  # which cabinets it concerns is a question of addresses: all of them
    pk, version = announcement.pk, announcement.version
    transaction.on_commit(lambda: fan_out_announcement.delay(pk, version))


def notices_mark_read(*, user) -> None:
    """The login has seen its list: the header's count is stale in its cached tabs."""
    if Notice.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now()):
        personal_accounts_changed(account_ids=PersonalAccount.objects.filter(
            user=user).values_list("pk", flat=True))


class PushRefused(Exception):
    """The device is not taken; the message says why, for the resident."""


ANOTHER_LOGINS_DEVICE = gettext_lazy("Push on this device is on for another login. Turn it "
                                     "off there first.")


@transaction.atomic
def push_subscribe(*, user, endpoint: str, p256dh: str, auth: str, device: str
                   ) -> PushSubscription:
    """This device now gets this login's push notices: at most WEB_PUSH_DEVICES_PER_LOGIN
    devices a login, and never a device another login has (that one removes it first; a
    shared browser's logout unregisters the worker, and the next login gets a new address)."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one device at a time
    existing = PushSubscription.objects.filter(endpoint=endpoint).first()
    if existing is not None and existing.user_id != user.pk:
        raise PushRefused(str(ANOTHER_LOGINS_DEVICE))
    if existing is None and user.push_subscriptions.count() >= settings.WEB_PUSH_DEVICES_PER_LOGIN:
        raise PushRefused(_("Push is on on %(count)s devices already, the most there can be. "
                            "Remove one of them below first.")
                          % {"count": settings.WEB_PUSH_DEVICES_PER_LOGIN})
    try:
        with transaction.atomic():
            subscription, _made = PushSubscription.objects.update_or_create(
                endpoint=endpoint, user=user, defaults={"p256dh": p256dh, "auth": auth,
                                                        "device": _device_name(device)})
    except IntegrityError:  # another login took it at this very moment
        raise PushRefused(str(ANOTHER_LOGINS_DEVICE)) from None
    audit_record(action="support.push_on", actor=user, device=subscription.pk)
    return subscription


def push_devices_forget(*, user) -> None:
    """The login's password changed: its devices stop getting its notices (a device it
    still wants is turned on again after logging in)."""
    if user.push_subscriptions.all().delete()[0]:
        audit_record(action="support.push_devices_forgotten", actor=user)


def push_unsubscribe(*, user, pk: int) -> None:
    if user.push_subscriptions.filter(pk=pk).delete()[0]:
        audit_record(action="support.push_off", actor=user, device=pk)


def _device_name(user_agent: str) -> str:
    """Enough of the browser's own words to tell one's devices apart in the list."""
    for system in ("Android", "iPhone", "iPad", "Windows", "Mac OS X", "Linux"):
        if system in user_agent:
            browser = next((name for name in ("YaBrowser", "Edg", "Firefox", "Chrome", "Safari")
                            if name in user_agent), "")
            return f"{system} {browser.replace('Edg', 'Edge')}".strip()
    return user_agent[:150]
