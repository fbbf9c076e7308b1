"""What the whole portal shares: the audit trail, and the API's record of requests made with
an Idempotency-Key."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One money or state change, or a security event: who did what, with which data.

    Rows are only ever added. `data` never holds a password, a token or a card number.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=64, db_index=True,
                              help_text=_("Dotted name, for example accounts.login."))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="+")
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"], name="audit_actor_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.action}"


class IdempotentRequest(models.Model):
    """An API write sent with an Idempotency-Key: what it asked (a hash) and what it was
    answered, so that the same key again gets the same answer and writes nothing. The row is
    added in the write's transaction, with the answer (vodokanal/api/idempotency.py)."""

    token = models.ForeignKey("accounts.AccessToken", on_delete=models.CASCADE,
                              related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["token", "key"],
                                               name="idempotent_request_once_a_token")]

    def __str__(self) -> str:
        return f"{self.token_id}: {self.key}"
