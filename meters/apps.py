from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MetersConfig(AppConfig):
    name = "meters"
    verbose_name = _("Meters")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import Meter, Reading, ReadingRules

        # Staff change meters and readings in admin: the resident's cached tab is stale.
        for model in (Meter, Reading):
            post_save.connect(_meter_changed, sender=model, dispatch_uid=f"{model}-saved")
            post_delete.connect(_meter_changed, sender=model, dispatch_uid=f"{model}-deleted")
        post_save.connect(_rules_changed, sender=ReadingRules, dispatch_uid="rules-saved")
        post_delete.connect(_rules_changed, sender=ReadingRules, dispatch_uid="rules-deleted")


def _meter_changed(sender, instance, **kwargs) -> None:
    from accounts.services import personal_accounts_changed

    from .models import Meter

    meter = instance if isinstance(instance, Meter) else instance.meter
    if meter.account_id:  # a communal meter belongs to a building, shown in no cache
        personal_accounts_changed(account_ids=[meter.account_id])


def _rules_changed(sender, instance, **kwargs) -> None:
    """This process's copy of the rules goes now, and again once the change is committed:
    a page that read the old row in between may have kept it again."""
    from django.core.cache import caches
    from django.db import transaction

    from .models import READING_RULES_CACHE_KEY

    kept = caches["static_parts"]
    kept.delete(READING_RULES_CACHE_KEY)
    transaction.on_commit(lambda: kept.delete(READING_RULES_CACHE_KEY))
