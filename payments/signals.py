"""What payments tells the apps that depend on it (support sends the confirmation)."""

from django.dispatch import Signal

# An order was paid and credited: order_id (the PaymentOrder's pk). Sent after the commit.
payment_confirmed = Signal()
# A month's autopay planned (its payer to be told the amount the day before), and a charge
# the bank declined (`again`: it is tried once more tomorrow).
autopay_planned = Signal()
autopay_failed = Signal()
