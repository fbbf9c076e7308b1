"""How long a login's session lives (ASVS 3.3.2).

Every login starts a short session: it ends after SESSION_IDLE_MINUTES without a request or
SESSION_ABSOLUTE_HOURS after the login, whichever comes first, and its cookie with the
browser. A resident who ticks "remember me" keeps the session for SESSION_COOKIE_AGE
(14 days) instead. The tabs the installable app keeps for offline use live no longer than
the session (accounts.cabinet, vodokanal/pwa.py).
"""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac

SHORT_SESSION_KEY = "accounts:short_session"  # {"since": epoch seconds, "seen": …}
# Every answer names the login whose session asked for it ("none" without one), so the
# installable app's worker drops the tabs it kept of any other login, or of a session gone.
SESSION_LOGIN_HEADER = "X-Session-Of"
# A tab the worker may keep, and until when (epoch milliseconds) it may show it offline.
OFFLINE_COPY_UNTIL_HEADER = "X-Offline-Copy-Until"
# "Seen" is written at most this often: not a session write on every request.
SEEN_GRANULARITY_SECONDS = 60


def session_start(request: HttpRequest) -> None:
    """A login has just happened: its session is a short one."""
    now = int(time.time())
    request.session[SHORT_SESSION_KEY] = {"since": now, "seen": now}
    request.session.set_expiry(0)  # the cookie ends with the browser


def session_remember(request: HttpRequest) -> None:
    """"Remember me": the session lives SESSION_COOKIE_AGE, on this device only."""
    request.session.pop(SHORT_SESSION_KEY, None)
    request.session.set_expiry(None)


def session_deadline(request: HttpRequest) -> float:
    """When this session ends by itself (epoch seconds), counting from now."""
    short = request.session.get(SHORT_SESSION_KEY)
    if short is None:
        return time.time() + settings.SESSION_COOKIE_AGE
    return min(short["since"] + settings.SESSION_ABSOLUTE_HOURS * 3600,
               time.time() + settings.SESSION_IDLE_MINUTES * 60)


def session_expired_end(request: HttpRequest) -> bool:
    """End a short session past its idle or absolute limit (True); else note the request."""
    short = request.session.get(SHORT_SESSION_KEY)
    if short is None:
        return False
    now = time.time()
    if (now - short["since"] > settings.SESSION_ABSOLUTE_HOURS * 3600
            or now - short["seen"] > settings.SESSION_IDLE_MINUTES * 60):
        logout(request)
        return True
    if now - short["seen"] > SEEN_GRANULARITY_SECONDS:
        request.session[SHORT_SESSION_KEY] = {**short, "seen": int(now)}
    return False


def session_login_mark(request: HttpRequest, response: HttpResponse) -> None:
    user = getattr(request, "user", None)
    login = (salted_hmac("offline-copy", user.pk).hexdigest()[:20]
             if user is not None and user.is_authenticated else "none")
    response[SESSION_LOGIN_HEADER] = login


def offline_copy_allow(request: HttpRequest, response: HttpResponse) -> None:
    """The worker may keep this page to show offline: until the session ends by itself, and
    no longer than OFFLINE_COPY_HOURS."""
    until = min(session_deadline(request), time.time() + settings.OFFLINE_COPY_HOURS * 3600)
    response[OFFLINE_COPY_UNTIL_HEADER] = str(int(until * 1000))
