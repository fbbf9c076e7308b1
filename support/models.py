"""The outbox of notices: one row per notice per channel, sent once."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Channel, NoticeKind


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
