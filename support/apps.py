from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    name = "support"
    verbose_name = _("Support")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from accounts.services import cabinets_changed
        from billing.signals import document_published, tariff_published
        from payments.signals import payment_confirmed

        from .models import Office
        from .tasks import (
            fan_out_document_published,
            fan_out_payment_received,
            fan_out_tariff_change,
        )

        def announce_tariff(sender, tariff_id: int, **kwargs) -> None:
            fan_out_tariff_change.delay(tariff_id)

        def announce_document(sender, document_id: int, **kwargs) -> None:
            fan_out_document_published.delay(document_id)

        tariff_published.connect(announce_tariff, weak=False,
                                 dispatch_uid="support.tariff_notices")
        document_published.connect(announce_document, weak=False,
                                   dispatch_uid="support.document_notices")

        def announce_payment(sender, order_id: int, **kwargs) -> None:
            fan_out_payment_received.delay(order_id)

        payment_confirmed.connect(announce_payment, weak=False,
                                  dispatch_uid="support.payment_notices")

        # The Information tab's cached part shows the nearest office.
        def office_changed(sender, **kwargs) -> None:
            cabinets_changed()

        post_save.connect(office_changed, sender=Office, weak=False,
                          dispatch_uid="support.office_saved")
        post_delete.connect(office_changed, sender=Office, weak=False,
                            dispatch_uid="support.office_deleted")
