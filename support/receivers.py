"""What other apps announce becomes notices; a new login gets its notification choices; an
office change makes every cabinet stale."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from accounts.cabinet import cabinets_changed
from accounts.signals import login_opened, login_password_replaced, phone_removed
from billing.signals import document_published, tariff_published
from payments.signals import autopay_failed, autopay_planned, payment_confirmed

from .models import Announcement, FaqEntry, Office
from .services import notifications_default_set, push_devices_forget, sms_notices_stop
from .tasks import (
    fan_out_autopay,
    fan_out_document_published,
    fan_out_payment_received,
    fan_out_tariff_change,
    send_guest_payment_mail,
)


@receiver(tariff_published, dispatch_uid="support.tariff_notices")
def _announce_tariff(sender, tariff_id: int, **kwargs) -> None:
    fan_out_tariff_change.delay(tariff_id)


@receiver(document_published, dispatch_uid="support.document_notices")
def _announce_document(sender, document_id: int, **kwargs) -> None:
    fan_out_document_published.delay(document_id)


@receiver(payment_confirmed, dispatch_uid="support.payment_notices")
def _announce_payment(sender, order_id: int, **kwargs) -> None:
    fan_out_payment_received.delay(order_id)
    send_guest_payment_mail.delay(order_id)  # a payer without a login: by the e-mail given


@receiver(autopay_planned, dispatch_uid="support.autopay_planned")
def _announce_autopay(sender, run_id: int, **kwargs) -> None:
    fan_out_autopay.delay(run_id, "planned")


@receiver(autopay_failed, dispatch_uid="support.autopay_failed")
def _announce_autopay_declined(sender, run_id: int, **kwargs) -> None:
    fan_out_autopay.delay(run_id, "failed")


@receiver(login_opened, dispatch_uid="support.default_notices")
def _choose_default_notices(sender, user, **kwargs) -> None:
    notifications_default_set(user=user)


@receiver(phone_removed, dispatch_uid="support.sms_stopped")
def _stop_sms(sender, user, **kwargs) -> None:
    sms_notices_stop(user=user)


@receiver(login_password_replaced, dispatch_uid="support.push_devices_forgotten")
def _forget_push_devices(sender, user, **kwargs) -> None:
    push_devices_forget(user=user)


# The Information tab shows the nearest office and the outages and announcements of its
# address: whatever staff change of them, however (admin's form, an action, a delete),
# every cabinet tab is stale at once. The FAQ goes with them: staff change it as rarely.
@receiver(post_save, sender=Office, dispatch_uid="support.office_saved")
@receiver(post_delete, sender=Office, dispatch_uid="support.office_deleted")
@receiver(post_save, sender=Announcement, dispatch_uid="support.announcement_saved")
@receiver(post_delete, sender=Announcement, dispatch_uid="support.announcement_deleted")
@receiver(m2m_changed, sender=Announcement.buildings.through,
          dispatch_uid="support.announcement_buildings")
@receiver(post_save, sender=FaqEntry, dispatch_uid="support.faq_saved")
@receiver(post_delete, sender=FaqEntry, dispatch_uid="support.faq_deleted")
def _shown_on_every_cabinet_changed(sender, **kwargs) -> None:
    cabinets_changed()
