"""A fixed-window attempt counter in the cache, for forms that are not logins.

django-axes guards the login forms. Registration, recovery and linking an
account are guarded here, so that nobody can try names and addresses against
the register, or fill someone's mailbox, faster than a person would.
"""

from django.core.cache import cache


def attempt_allowed(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt for (scope, key); False once `limit` is passed within the window."""
    cache_key = f"throttle:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(cache_key, 1, timeout=window_seconds)
        attempts = 1
    return attempts <= limit
