"""Logins and logouts go to the audit trail, whichever form or admin they came through; a
change to an account, its building or its management company makes its cabinet stale."""

from django.contrib.auth import signals
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from vodokanal.audit import audit_record

from .cabinet import cabinets_changed, personal_accounts_changed
from .lockout import login_of
from .models import Building, Organisation, PersonalAccount
from .sessions import session_start


@receiver(signals.user_logged_in, dispatch_uid="accounts.audit_login")
def _audit_login(sender, request, user, **kwargs):
    audit_record(action="accounts.login", actor=user, request=request)


@receiver(signals.user_logged_in, dispatch_uid="accounts.session_start")
def _session_start(sender, request, user, **kwargs):
    # Whatever form logged in (the admin's too): a short session, unless "remember me".
    if request is not None and hasattr(request, "session"):
        session_start(request)


@receiver(signals.user_logged_out, dispatch_uid="accounts.audit_logout")
def _audit_logout(sender, request, user, **kwargs):
    if user is not None:
        audit_record(action="accounts.logout", actor=user, request=request)


@receiver(signals.user_login_failed, dispatch_uid="accounts.audit_login_failed")
def _audit_login_failed(sender, credentials, request=None, **kwargs):
    # The login tried (its username when it exists), never the password (Django has
    # already masked it anyway).
    audit_record(action="accounts.login_failed", request=request,
                 login=login_of(request, credentials) if request else None)


# The cabinet's tabs are cached whole (accounts.cabinet.tab_render), header included:
# a change staff make to what the header and "Account details" show makes them stale.

@receiver(post_save, sender=PersonalAccount, dispatch_uid="accounts.account_saved")
@receiver(post_delete, sender=PersonalAccount, dispatch_uid="accounts.account_deleted")
def _account_changed(sender, instance, **kwargs):
    personal_accounts_changed(account_ids=[instance.pk])


@receiver(post_save, sender=Building, dispatch_uid="accounts.building_saved")
def _building_changed(sender, instance, **kwargs):
    personal_accounts_changed(account_ids=instance.personal_accounts.values_list("pk", flat=True))


@receiver(post_save, sender=Organisation, dispatch_uid="accounts.organisation_saved")
def _organisation_changed(sender, instance, **kwargs):
    if instance.kind == Organisation.Kind.MANAGEMENT_COMPANY:  # named in its buildings' tabs
        cabinets_changed()
