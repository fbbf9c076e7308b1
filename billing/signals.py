"""What billing tells the apps that depend on it (support sends the notices)."""

from django.dispatch import Signal

# A tariff was published: tariff_id. Sent after the commit.
tariff_published = Signal()

# Staff published a document to an organisation: document_id. Sent after the commit.
document_published = Signal()
