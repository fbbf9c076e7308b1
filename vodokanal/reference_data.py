"""Reference data that every Meters tab and reading submission reads and staff change a
few times a year (the reading rules, the tariffs): kept in each process's memory.

The one cache besides the cabinet's tabs (docs/architecture.md): read from PostgreSQL
each time, the two queries took the Meters tab and the reading submission below their
bars (docs/performance.md).

A save or delete clears the copy of the process that made it, at once and again once
the change is committed (a request that read the old rows in between may have kept
them again). The other processes take the change within KEPT_SECONDS.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

KEPT_SECONDS = 60

T = TypeVar("T")


def kept(model: type[Model], load: Callable[[], T]) -> T:
    """What `load` reads of `model`, from memory when it is there."""
    memory, key = caches["reference_data"], _key(model)
    value = memory.get(key)
    if value is None:
        value = load()
        memory.set(key, value, KEPT_SECONDS)
    return value


def forgotten_on_change(model: type[Model]) -> None:
    """Connect the clearing of `model`'s copy to its every save and delete (from app ready)."""
    key = _key(model)

    def forget(sender, **kwargs) -> None:
        memory = caches["reference_data"]
        memory.delete(key)
        transaction.on_commit(lambda: memory.delete(key))

    post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"{key}-saved")
    post_delete.connect(forget, sender=model, weak=False, dispatch_uid=f"{key}-deleted")


def _key(model: type[Model]) -> str:
    return f"reference:{model._meta.label_lower}"
