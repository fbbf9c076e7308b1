"""What the apps' hand-written SQL (their sql.py) shares: names read from the models."""

from django.db import connection
from django.db.models import Model


class Names:
    """A model's table and its fields' columns, quoted, to write into a statement:
    `Names(Charge).table`, `Names(Charge).account` (the column of the field)."""

    def __init__(self, model: type[Model]):
        self.table = connection.ops.quote_name(model._meta.db_table)
        self._model = model

    def __getattr__(self, field: str) -> str:
        return connection.ops.quote_name(self._model._meta.get_field(field).column)


def upsert_sql(model: type[Model], columns: list[str], rows_sql: str) -> str:
    """INSERT into the model's table what `rows_sql` selects (`columns`, in order); a row
    whose external id is there already is updated, and only when a value differs, so the
    same rows again write nothing."""
    table, quote = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name
    updated = [quote(column) for column in columns if column != "external_id"]
    return (f"INSERT INTO {table} ({', '.join(map(quote, columns))}) {rows_sql} "
            f"ON CONFLICT (external_id) DO UPDATE SET "
            f"{', '.join(f'{name} = EXCLUDED.{name}' for name in updated)} "
            f"WHERE ({', '.join(f'{table}.{name}' for name in updated)}) IS DISTINCT FROM "
            f"({', '.join(f'EXCLUDED.{name}' for name in updated)})")
