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
