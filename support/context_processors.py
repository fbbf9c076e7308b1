"""The header's number of unread notices, on every page of a login (read only when drawn:
a cabinet tab served from its cache reads nothing; notices_queue and notices_mark_read make
those tabs stale when the number changes)."""

import functools

from .selectors import unread_notices_count


def unread_notices(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    @functools.cache
    def count() -> int:  # the template calls it; counted once, and only if drawn
        return unread_notices_count(user=user)

    return {"unread_notices": count}
