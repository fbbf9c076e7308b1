"""Notices (the outbox), questions and answers, the FAQ and the offices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Channel, NoticeKind
from vodokanal.uploads import RandomFileName


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
