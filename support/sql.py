"""Support's hand-written SQL: the notice queue's batch insert, a bulk path (a tariff is
announced to 100,000 subscribers). Names from the models (docs/architecture.md, "SQL")."""

from django.db import connection

from vodokanal.sql import Names

from .models import Notice


def notices_add(*, kind: str, keys: list[str], users: list[int], channels: list[str],
                payloads: list[str]) -> None:
    """Queue a batch of notices, each pending; a key queued before is left as it is."""
    with connection.cursor() as cursor:
        cursor.execute(_ADD.format(n=Names(Notice)), {
            "kind": kind, "pending": Notice.Status.PENDING, "keys": keys, "users": users,
            "channels": channels, "payloads": payloads})


# A batch as four arrays: through bulk_create, building and quoting a model instance's
# every field, row by row, was most of what a fan-out cost.
_ADD = """
INSERT INTO {n.table} ({n.key}, {n.user}, {n.kind}, {n.channel}, {n.payload}, {n.status},
                       {n.attempts}, {n.last_error}, {n.created_at})
SELECT queued.key, queued.user_id, %(kind)s, queued.channel, queued.payload::jsonb,
       %(pending)s, 0, '', now()
  FROM unnest(%(keys)s::text[], %(users)s::bigint[], %(channels)s::text[],
              %(payloads)s::text[]) AS queued (key, user_id, channel, payload)
    ON CONFLICT ({n.key}) DO NOTHING
"""
