"""Who a request comes from, and fixed-window attempt counters in the cache.

django-axes guards the login forms (accounts/lockout.py). The forms that check details
against the register or end in a mail are guarded here, so that nobody can try names
and addresses against the register, or fill someone's mailbox, faster than a person.
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

HOUR = 3600


def client_address(request: HttpRequest) -> str | None:
    """The client's address, read past our own proxies (TRUSTED_PROXY_COUNT of them).

    Each proxy appends the address it saw to X-Forwarded-For; entries before the one our
    outermost proxy added are the client's own words and are ignored.
    """
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


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


def form_request_allowed(request: HttpRequest, form: str) -> bool:
    """Count one submission of `form` per client address and per login (when logged in);
    False when either has passed its hourly limit. Both count, even once one refuses."""
    limits = settings.FORM_LIMITS_PER_HOUR
    counters = [("client", client_address(request) or "unknown")]
    if request.user.is_authenticated:
        counters.append(("user", str(request.user.pk)))
    verdicts = [attempt_allowed(scope=f"{form}:{kind}", key=key, limit=limits[kind],
                                window_seconds=HOUR) for kind, key in counters]
    return all(verdicts)


def mail_allowed(recipient: str) -> bool:
    """Count one mailed link to `recipient`, whichever form asked for it: however requests
    are spread over addresses, logins and forms, one mailbox gets only so many an hour."""
    return attempt_allowed(scope="mail:recipient", key=recipient.strip().lower(),
                           limit=settings.FORM_LIMITS_PER_HOUR["recipient"],
                           window_seconds=HOUR)


def limit_reached_message() -> str:
    return _("Too many attempts. Try again in an hour or call %(phone)s.") % {
        "phone": settings.UTILITY["SUPPORT_PHONE"]}
