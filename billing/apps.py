from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from vodokanal.reference_data import forgotten_on_change

        from .models import Tariff

        forgotten_on_change(Tariff)
