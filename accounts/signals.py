"""Logins and logouts go to the audit trail, whichever form or admin they came through."""

from django.contrib.auth import signals
from django.dispatch import receiver

from vodokanal.audit import audit_record

from .lockout import login_of


@receiver(signals.user_logged_in, dispatch_uid="accounts.audit_login")
def _audit_login(sender, request, user, **kwargs):
    audit_record(action="accounts.login", actor=user, request=request)


@receiver(signals.user_logged_out, dispatch_uid="accounts.audit_logout")
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="accounts.logout", actor=user, request=request)


@receiver(signals.user_login_failed, dispatch_uid="accounts.audit_login_failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    # The login typed, never the password (Django has already masked it anyway).
    audit_record(action="accounts.login_failed", request=request,
                 login=login_of(request, credentials) if request else None)
