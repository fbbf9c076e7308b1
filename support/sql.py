"""Support's hand-written SQL: the notice queue's batch insert, a bulk path (a tariff is
announced to 100,000 subscribers). Names from the models (docs/architecture.md, "SQL")."""

from django.db import connection

from vodokanal.sql import Names

from .models import Notice


def notices_add(*, kind: str, keys: list[str], events: list[str], users: list[int],
                accounts: list[int | None], channels: list[str], payloads: list[str]
                ) -> list[str]:
    """Queue a batch of notices, each pending; a key queued before is left as it is.
    Returns the keys still to send: those added now, and those of the batch an earlier
    run queued and left pending."""
    with connection.cursor() as cursor:
        cursor.execute(_ADD.format(n=Names(Notice)), {
            "kind": kind, "pending": Notice.Status.PENDING, "keys": keys, "events": events,
            "users": users, "accounts": accounts, "channels": channels, "payloads": payloads})
        return [key for (key,) in cursor.fetchall()]


# A batch as four arrays: through bulk_create, building and quoting a model instance's
# every field, row by row, was most of what a fan-out cost.
# The statement's two halves see the table as it was before it: a row added now is
# returned once, by the first.
_ADD = """
WITH added AS (
INSERT INTO {n.table} ({n.key}, {n.event}, {n.user}, {n.account}, {n.kind}, {n.channel},
                       {n.payload}, {n.status}, {n.attempts}, {n.last_error}, {n.created_at})
SELECT queued.key, queued.event, queued.user_id, queued.account_id, %(kind)s, queued.channel,
       queued.payload::jsonb, %(pending)s, 0, '', now()
  FROM unnest(%(keys)s::text[], %(events)s::text[], %(users)s::bigint[],
              %(accounts)s::bigint[], %(channels)s::text[], %(payloads)s::text[])
       AS queued (key, event, user_id, account_id, channel, payload)
    ON CONFLICT ({n.key}) DO NOTHING
RETURNING {n.key})
SELECT {n.key} FROM added
 UNION ALL
SELECT {n.key} FROM {n.table} WHERE {n.key} = ANY(%(keys)s) AND {n.status} = %(pending)s
"""
