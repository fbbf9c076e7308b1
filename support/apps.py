from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")

    def ready(self) -> None:
        from billing.signals import tariff_published

        from .tasks import fan_out_tariff_change

        def announce(sender, tariff_id: int, **kwargs) -> None:
            fan_out_tariff_change.delay(tariff_id)

        tariff_published.connect(announce, weak=False, dispatch_uid="support.tariff_notices")
