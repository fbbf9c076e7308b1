from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from accounts.models import AccessToken


class TokenHasScope(BasePermission):
    """A view names the scope it needs (`required_scope`, read by default)."""

    message = _("The token lacks the scope this needs.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        needed = getattr(view, "required_scope", AccessToken.Scope.READ)
        return isinstance(token, AccessToken) and needed in token.scopes
