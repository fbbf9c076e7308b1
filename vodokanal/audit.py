"""Writing the audit trail: one call per event, from services and signal handlers."""

from django.http import HttpRequest

from .models import AuditEntry


def audit_record(*, action: str, actor=None, request: HttpRequest | None = None,
                 **data) -> AuditEntry:
    """Add a row; `actor` is the user who acted (None for the anonymous or the system)."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(action=action, actor=actor, ip_address=_ip(request),
                                     data=data)


def _ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from accounts.lockout import client_ip  # the one place that knows our proxies

    return client_ip(request)
