"""Writing the audit trail: one call per event, from services and signal handlers."""

from django.http import HttpRequest

from .models import AuditEntry
from .throttle import client_address


def audit_record(*, action: str, actor=None, request: HttpRequest | None = None,
                 **data) -> AuditEntry:
    """Add a row; `actor` is the user who acted (None for the anonymous or the system)."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(action=action, actor=actor, ip_address=_ip(request),
                                     data=data)


def _ip(request: HttpRequest | None) -> str | None:
    return client_address(request) if request is not None else None
