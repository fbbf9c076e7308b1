"""Notices (the outbox) and who asked for which, questions and answers, the FAQ and the
offices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from vodokanal.uploads import RandomFileName


class NoticeKind(models.TextChoices):
    """The notices a subscriber may ask for (DOMAIN: "Tariffs and notifications")."""

    TARIFF_CHANGE = "tariff_change", _("Tariff changes")
    READING_REMINDER = "reading_reminder", _("Meter reading reminders")
    VERIFICATION_DUE = "verification_due", _("Meter verification due")
    QUESTION_ANSWERED = "question_answered", _("Answers to my questions")
    PAYMENT_RECEIVED = "payment_received", _("Payments received")
    PAPERLESS_RECEIPT = "paperless_receipt", _("Monthly receipt by e-mail (paperless)")
    DOCUMENT_PUBLISHED = "document_published", _("New documents from the utility")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    # The cabinet's notices list: notices that answer the subscriber's own actions land
    # there whatever they chose, so a promise of "we will tell you" holds with e-mail off.
    CABINET = "cabinet", _("In the cabinet")


# The channels a subscriber chooses; the cabinet is not a choice.
CHOSEN_CHANNELS = (Channel.EMAIL, Channel.SMS)


# A receipt is a PDF: it travels by e-mail only.
EMAIL_ONLY_NOTICES = frozenset({NoticeKind.PAPERLESS_RECEIPT})
# Which notices each kind of login can ask for.
NOTICES_FOR = {
    User.Kind.INDIVIDUAL: [kind for kind in NoticeKind if kind != NoticeKind.DOCUMENT_PUBLISHED],
    User.Kind.LEGAL_ENTITY: [NoticeKind.DOCUMENT_PUBLISHED, NoticeKind.TARIFF_CHANGE],
    User.Kind.MANAGEMENT_COMPANY: [NoticeKind.TARIFF_CHANGE, NoticeKind.READING_REMINDER],
    User.Kind.STAFF: [],
}
# What a new login starts with (the profile says so): an individual the essential notices by
# e-mail; a legal entity the documents, which are how the utility writes to it.
DEFAULT_NOTICES = {
    User.Kind.INDIVIDUAL: [(NoticeKind.QUESTION_ANSWERED, Channel.EMAIL),
                           (NoticeKind.PAYMENT_RECEIVED, Channel.EMAIL),
                           (NoticeKind.READING_REMINDER, Channel.EMAIL),
                           (NoticeKind.TARIFF_CHANGE, Channel.EMAIL)],
    User.Kind.LEGAL_ENTITY: [(NoticeKind.DOCUMENT_PUBLISHED, Channel.EMAIL)],
}


class NotificationChoice(models.Model):
    """One (kind of notice, channel) a user asked for; no row means "do not send"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_choices")
    kind = models.CharField(_("notice"), max_length=32, choices=NoticeKind.choices)
    channel = models.CharField(_("channel"), max_length=8,
                               choices=[(c.value, c.label) for c in CHOSEN_CHANNELS])

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"],
                                    name="notification_choice_once"),
            models.CheckConstraint(
                condition=~Q(kind=NoticeKind.PAPERLESS_RECEIPT, channel=Channel.SMS),
                name="notification_choice_receipt_by_email",
            ),
        ]
        # Fan-out asks "who wants this notice by this channel".
        indexes = [models.Index(fields=["kind", "channel"], name="notification_choice_fanout")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}/{self.channel}"


class Notice(models.Model):
    """A notice to one subscriber by one channel.

    `key` names the event and the recipient (`tariff:12:user:345:email`): a
    second attempt to queue the same notice finds the row and adds nothing,
    and the sender claims a row before sending it, so nobody hears twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=128, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("subscriber"),
                             on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("notice"), max_length=32, choices=NoticeKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    payload = models.JSONField(_("data"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notice_user_recent"),
                   models.Index(fields=["status", "created_at"], name="notice_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="notice_sent_at_iff_sent"),
        ]

    def __str__(self) -> str:
        return self.key


class Question(models.Model):
    """A question a subscriber asks the utility; staff answer it in admin."""

    class Topic(models.TextChoices):
        CHARGES = "charges", _("Charges and payments")
        METERS = "meters", _("Meters and readings")
        SUPPLY = "supply", _("Water supply and sewerage")
        ACCOUNT = "account", _("Personal account and the portal")
        OTHER = "other", _("Other")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"),
                             on_delete=models.CASCADE, related_name="questions")
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    text = models.TextField(_("question"), max_length=4000)
    attachment = models.FileField(_("attachment"), upload_to=RandomFileName("questions"),
                                  blank=True, max_length=255)
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["user", "-asked_at"], name="question_user_recent"),
                   models.Index(fields=["answered_at"], name="question_unanswered")]

    def __str__(self) -> str:
        return self.text[:60]


class FaqEntry(models.Model):
    """A question and answer staff published for everyone (edited free of personal details)."""

    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    topic = models.CharField(_("topic"), max_length=16, choices=Question.Topic.choices)
    source = models.OneToOneField(Question, verbose_name=_("asked as"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="faq_entry")
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ")
        ordering = ["topic", "-published_at"]

    def __str__(self) -> str:
        return self.question[:60]


class Office(models.Model):
    """A customer office (отделение): where to come, when, and what is done there."""

    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=255)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    hours = models.CharField(_("opening hours"), max_length=255,
                             default="Пн–Пт 8:00–17:00, перерыв 12:00–13:00")
    phone = models.CharField(_("phone"), max_length=32)
    services = models.TextField(_("services"), blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
