"""Writing the audit trail: one call per event, from services and signal handlers."""

import json

from django.http import HttpRequest

from .models import AuditEntry
from .sql import Names
from .throttle import client_address


def audit_record(*, action: str, actor=None, request: HttpRequest | None = None,
                 **data) -> AuditEntry:
    """Add a row; `actor` is the user who acted (None for the anonymous or the system)."""
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEntry.objects.create(action=action, actor=actor, ip_address=_ip(request),
                                     data=data)


def audit_record_sql(*, action: str, actor_id: int | None, data: dict) -> tuple[str, dict]:
    """The row audit_record adds, as an INSERT for another app's one-statement write (its
    sql.py): the text and its parameters, named audit_*."""
    a = Names(AuditEntry)
    return (f"INSERT INTO {a.table} ({a.at}, {a.action}, {a.actor}, {a.data}) "  # noqa: S608
            "VALUES (now(), %(audit_action)s, %(audit_actor)s, %(audit_data)s::jsonb)",
            {"audit_action": action, "audit_actor": actor_id, "audit_data": json.dumps(data)})


def _ip(request: HttpRequest | None) -> str | None:
    return client_address(request) if request is not None else None
