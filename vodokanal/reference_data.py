"""Reference data that every Meters tab and reading submission reads and staff change a
few times a year (the reading rules, the tariffs): kept in the shared cache (Redis), so
that every process sees a change at once.

Read from PostgreSQL each time, the two queries took the Meters tab and the reading
submission below their bars (docs/performance.md). In each process's own memory, as they
were once kept, a change reached the other processes only a minute later, which let a
cabinet tab be drawn and cached with the old reading window after staff had changed it.

A save or delete forgets the copy, at once and again once the change is committed (a
request that read the old rows in between may have kept them again); KEPT_SECONDS bounds
what a change that sends no signal (a bulk update) could leave.
"""

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save

KEPT_SECONDS = 60

T = TypeVar("T")


def kept(model: type[Model], load: Callable[[], T]) -> T:
    """What `load` reads of `model`, from the cache when it is there."""
    key = _key(model)
    value = cache.get(key)
    if value is None:
        value = load()
        cache.set(key, value, KEPT_SECONDS)
    return value


def forgotten_on_change(model: type[Model], *, also: Callable[[], None] | None = None) -> None:
    """Connect the forgetting of `model`'s copy to its every save and delete (from app
    ready), and `also`: what else a change makes stale (every cabinet tab, say)."""
    key = _key(model)

    def forget(sender, **kwargs) -> None:
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))
        if also is not None:
            also()

    post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"{key}-saved")
    post_delete.connect(forget, sender=model, weak=False, dispatch_uid=f"{key}-deleted")


def _key(model: type[Model]) -> str:
    return f"reference:{model._meta.label_lower}"
