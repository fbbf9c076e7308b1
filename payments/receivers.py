"""What payments does when the other parts of the site move."""

from django.contrib.auth import signals
from django.dispatch import receiver

from .selectors import GUEST_ORDERS


@receiver(signals.user_logged_in, dispatch_uid="payments.guest_orders_dropped")
def _guest_orders_drop(sender, request, user, **kwargs):
    """Orders this browser paid without a login are the visitor's, not the login's: a
    resident logging in on a shared computer does not inherit a stranger's order pages."""
    if request is not None and hasattr(request, "session"):
        request.session.pop(GUEST_ORDERS, None)
