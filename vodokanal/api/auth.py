"""A personal access token in `Authorization: Bearer pat_…`: the API's only way in. The
pages' session cookie does not open it, and the token opens no page."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.models import AccessToken
from accounts.selectors import access_token_valid

from .throttles import WrongTokenThrottle

# How stale "last used" may be: a script polling each minute writes once in so long.
LAST_USE_GRANULARITY = timedelta(minutes=5)


class AccessTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        scheme, _space, plain = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        token = access_token_valid(plain=plain.strip())
        if token is None:
            counted = WrongTokenThrottle()
            if not counted.allow_request(request, None):
                raise exceptions.Throttled(wait=counted.wait())
            raise exceptions.AuthenticationFailed(_("The token is invalid, expired or revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USE_GRANULARITY:
            AccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'  # a 401, not a 403, when none is given


class AccessTokenScheme(OpenApiAuthenticationExtension):
    target_class = "vodokanal.api.auth.AccessTokenAuthentication"
    name = "accessToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer",
                "description": _("A personal access token made in the profile (pat_…).")}
