from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetersConfig(AppConfig):
    name = "meters"
    verbose_name = _("Meters")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from vodokanal.reference_data import forgotten_on_change

        from .models import Meter, Reading, ReadingRules

        # Staff change meters and readings in admin: the resident's cached tab is stale.
        for model in (Meter, Reading):
            post_save.connect(_meter_changed, sender=model, dispatch_uid=f"{model}-saved")
            post_delete.connect(_meter_changed, sender=model, dispatch_uid=f"{model}-deleted")
        forgotten_on_change(ReadingRules)


def _meter_changed(sender, instance, **kwargs) -> None:
    from accounts.services import personal_accounts_changed

    from .models import Meter

    meter = instance if isinstance(instance, Meter) else instance.meter
    if meter.account_id:  # a communal meter belongs to a building, shown in no cache
        personal_accounts_changed(account_ids=[meter.account_id])
