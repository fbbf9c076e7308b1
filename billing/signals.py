"""What billing tells the apps that depend on it (support sends the notices)."""

from django.dispatch import Signal

# A tariff was published: tariff_id. Sent after the commit.
tariff_published = Signal()
