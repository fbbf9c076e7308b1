"""The register's hand-written SQL: the billing import's write of buildings and accounts (a
bulk path), and the login's accounts with their buildings, read by every cabinet page and
submission. Through the ORM (select_related and the generation's
subselect) building and compiling the query cost more than the query, and the tabs and
the reading submission missed their bars (docs/performance.md). Names from the models."""

import functools

from django.db import connection

from vodokanal.sql import Names, upsert_sql

from .models import Building, CabinetGeneration, PersonalAccount

_BUILDING_PREFIX = "building__"


def accounts_of_user(*, user_id: int) -> list[PersonalAccount]:
    """The accounts in number order, each with its building and `cabinet_generation`."""
    accounts = list(PersonalAccount.objects.raw(_accounts_sql(), [user_id]))
    for account in accounts:
        account.building = _building_of(account)
    return accounts


@functools.cache
def _accounts_sql() -> str:
    """The accounts' columns, their building's under a prefix, the generation; written from
    the models' fields, so a new field cannot be left out. No input reaches the text."""
    quote = connection.ops.quote_name
    buildings = ", ".join(f"b.{quote(field.column)} AS {quote(_BUILDING_PREFIX + field.attname)}"
                          for field in Building._meta.concrete_fields)
    a, b, g = Names(PersonalAccount), Names(Building), Names(CabinetGeneration)
    return f"""
SELECT a.*, {buildings},
       (SELECT {g.value} FROM {g.table} WHERE {g.id} = 1) AS cabinet_generation
  FROM {a.table} a
  JOIN {b.table} b ON b.{b.id} = a.{a.building}
 WHERE a.{a.user} = %s
 ORDER BY a.{a.number}
"""  # noqa: S608


def _building_of(account: PersonalAccount) -> Building:
    """The building from the prefixed columns, as the ORM would have made it."""
    fields = Building._meta.concrete_fields
    values = [account.__dict__.pop(_BUILDING_PREFIX + field.attname) for field in fields]
    return Building.from_db(account._state.db, [field.attname for field in fields], values)


def register_rows_upsert(*, model: type[Building | PersonalAccount], columns: list[str],
                         rows_sql: str, params: list) -> int:
    """Write the buildings or accounts that `rows_sql` selects (the billing import's staged
    file); returns how many rows were new or changed."""
    if model not in (Building, PersonalAccount):
        raise ValueError(f"{model} is not the register's")
    with connection.cursor() as cursor:
        cursor.execute(f"WITH written AS ({upsert_sql(model, columns, rows_sql)} RETURNING 1) "  # noqa: S608
                       "SELECT count(*) FROM written", params)
        return cursor.fetchone()[0]
