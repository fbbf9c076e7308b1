"""Writes to billing data. Balances are derived from charges and payments, never typed in."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.cabinet import personal_accounts_changed
from vodokanal.audit import audit_record

from . import sql
from .models import PaymentReceived, Tariff
from .signals import tariff_published

ZERO = Decimal("0.00")


@transaction.atomic
def tariff_publish(*, tariff: Tariff, actor) -> bool:
    """Announce a tariff to the subscribers who asked; False if it was announced before."""
    claimed = Tariff.objects.filter(pk=tariff.pk, published_at=None).update(
        published_at=timezone.now())
    if claimed:
        audit_record(action="billing.tariff_published", actor=actor, tariff=tariff.pk,
                     price=str(tariff.price), valid_from=tariff.valid_from.isoformat())
        # Listeners (support's notices) run once the publication is committed.
        transaction.on_commit(lambda: tariff_published.send(sender=Tariff, tariff_id=tariff.pk))
    return bool(claimed)


@transaction.atomic
def balances_rebuild(*, account_ids: Iterable[int],
                     since: Mapping[int, date] | None = None) -> None:
    """Recompute the monthly balances of these accounts from their charges and payments.

    `since` names, per account, the first month whose movements changed: the months
    before it stay as they are, so an import of a new month rewrites that month only.
    Without it, everything is recomputed. It is done in SQL, as an import may touch
    100,000 accounts. A partial rebuild trusts the months before `since`, which every
    change goes through here to keep right; a test holds a partial rebuild equal to a
    whole one.
    """
    account_ids = list(account_ids)
    sql.balances_rebuild(account_ids, [(since or {}).get(pk, date.min) for pk in account_ids])
    personal_accounts_changed(account_ids=account_ids)


def payments_receipt_url_set(*, external_ids: list[str], url: str) -> None:
    """The fiscal receipt the portal's payments got from the bank: the Charges tab links
    it, so their accounts' cached tabs are stale."""
    accounts = list(PaymentReceived.objects.filter(external_id__in=external_ids)
                    .values_list("account_id", flat=True))
    PaymentReceived.objects.filter(external_id__in=external_ids).update(receipt_url=url)
    personal_accounts_changed(account_ids=accounts)
