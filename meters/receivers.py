"""Staff change meters and readings in admin: the resident's cached tab is stale; the
reading rules kept in the cache are forgotten when staff change them, and every tab that
tells of the reading window (the Information and Meters tabs) is stale with them."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.cabinet import cabinets_changed, personal_accounts_changed
from vodokanal.reference_data import forgotten_on_change

from .models import Meter, Reading, ReadingRules

forgotten_on_change(ReadingRules, also=cabinets_changed)


@receiver(post_save, sender=Meter, dispatch_uid="meters.meter_saved")
@receiver(post_delete, sender=Meter, dispatch_uid="meters.meter_deleted")
@receiver(post_save, sender=Reading, dispatch_uid="meters.reading_saved")
@receiver(post_delete, sender=Reading, dispatch_uid="meters.reading_deleted")
def _meter_changed(sender, instance, **kwargs) -> None:
    meter = instance if isinstance(instance, Meter) else instance.meter
    if meter.account_id:  # a communal meter belongs to a building, shown in no cache
        personal_accounts_changed(account_ids=[meter.account_id])
