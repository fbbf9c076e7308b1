from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from vodokanal.throttle import client_address


class PerTokenThrottle(SimpleRateThrottle):
    """So many requests an hour a token (one script's bug slows only itself), or an
    address without one; a 429 says when to come back (Retry-After). The address is the
    client's as our trusted proxies tell it (vodokanal.throttle), never a header as sent."""

    scope = "token"

    def get_ident(self, request) -> str:
        return client_address(request) or "unknown"

    def get_cache_key(self, request, view) -> str:
        token = getattr(request.auth, "pk", None)
        ident = f"token:{token}" if token else f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class WrongTokenThrottle(SimpleRateThrottle):
    """Tokens that open nothing, per client address: nobody tries made-up tokens faster
    than API_WRONG_TOKENS_PER_ADDRESS."""

    scope = "wrong_token"

    def get_rate(self) -> str:
        return settings.API_WRONG_TOKENS_PER_ADDRESS

    def get_ident(self, request) -> str:
        return client_address(request) or "unknown"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
