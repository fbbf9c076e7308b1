from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import AccessToken


class TokenHasScope(BasePermission):
    """Reading takes the read scope; a write takes the one its view names
    (`required_scope`, read by default)."""

    message = _("The token lacks the scope this needs.")

    def has_permission(self, request, view) -> bool:
        token = request.auth
        needed = (AccessToken.Scope.READ if request.method in SAFE_METHODS
                  else getattr(view, "required_scope", AccessToken.Scope.READ))
        return isinstance(token, AccessToken) and needed in token.scopes
