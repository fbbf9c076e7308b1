"""What accounts tells the apps that depend on it (support keeps the notification choices)."""

from django.dispatch import Signal

# A login was made, or an organisation's access issued again: user. Sent in the transaction.
login_opened = Signal()

# A login's mobile phone was removed: user. Sent in the transaction.
phone_removed = Signal()

# A login's password was replaced (changed, recovered, set by staff): user. Sent in the
# transaction; what the old password opened ends with it.
login_password_replaced = Signal()
