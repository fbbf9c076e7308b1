"""Read side of payments: every lookup is scoped to the logged-in payer."""

from django.http import Http404

from .models import PaymentOrder


def order_get_for_user(*, user, order_id: str) -> PaymentOrder:
    """One of the user's own orders; anybody else's is a 404, like one that does not exist."""
    order = PaymentOrder.objects.filter(order_id=order_id, user=user).first()
    if order is None:
        raise Http404
    return order
