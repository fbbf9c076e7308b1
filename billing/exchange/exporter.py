"""What the portal gives back to the billing system: the payments it took (CSV)."""

import csv
from datetime import date
from typing import TextIO

from ..models import PaymentReceived

PAYMENTS_HEADER = ["external_id", "account_number", "paid_on", "amount", "channel"]


def portal_payments_export(*, first: date, last: date, out: TextIO) -> int:
    """Payments taken through the portal dated `first`..`last`; returns how many."""
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(PAYMENTS_HEADER)
    payments = (PaymentReceived.objects
                .filter(channel=PaymentReceived.Channel.PORTAL, paid_on__range=(first, last))
                .order_by("paid_on", "id").values_list("external_id", "account__number",
                                                       "paid_on", "amount", "channel"))
    count = 0
    for external_id, number, paid_on, amount, channel in payments.iterator(chunk_size=5000):
        writer.writerow([external_id, number, paid_on.isoformat(), f"{amount:.2f}", channel])
        count += 1
    return count
