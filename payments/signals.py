"""What payments tells the apps that depend on it (support sends the confirmation)."""

from django.dispatch import Signal

# An order was paid and credited: order_id (the PaymentOrder's pk). Sent after the commit.
payment_confirmed = Signal()
