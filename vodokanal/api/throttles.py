from rest_framework.throttling import SimpleRateThrottle


class PerTokenThrottle(SimpleRateThrottle):
    """So many requests an hour a token (one script's bug slows only itself), or an
    address without one; a 429 says when to come back (Retry-After)."""

    scope = "token"

    def get_cache_key(self, request, view) -> str:
        token = getattr(request.auth, "pk", None)
        ident = f"token:{token}" if token else f"address:{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
