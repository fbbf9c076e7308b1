from decimal import Decimal

from django.contrib import admin, messages
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from billing.money import money_text
from vodokanal.admin import ReadOnlyInline, StaffAdmin

from . import services
from .fiscal import TAXATION_LABELS, VAT_LABELS
from .models import (
    AutopayRule,
    AutopayRun,
    BankNotification,
    BoundCard,
    PaymentOrder,
    PaymentOrderEvent,
    PaymentOrderLine,
)


class LineInline(ReadOnlyInline):
    model = PaymentOrderLine
    fields = ["account", "amount"]


class EventInline(ReadOnlyInline):
    model = PaymentOrderEvent
    fields = ["at", "status", "source", "note"]
    readonly_fields = ["at"]


class NotificationInline(ReadOnlyInline):
    model = BankNotification
    fields = ["received_at", "signature_valid", "outcome", "payload"]
    readonly_fields = ["received_at"]


@admin.register(PaymentOrder)
class PaymentOrderAdmin(StaffAdmin):
    """Orders with their history and the bank's raw notifications; staff only read them."""

    list_display = ["order_id", "user", "amount", "gateway", "method", "status", "flagged",
                    "created_at", "credited_at", "refund_marked_at"]
    list_filter = ["status", "gateway", "method", ("flagged", admin.EmptyFieldListFilter)]
    search_fields = ["order_id", "bank_payment_id", "user__username", "lines__account__number"]
    date_hierarchy = "created_at"
    list_select_related = ["user"]
    inlines = [LineInline, EventInline, NotificationInline]
    actions = ["mark_refunded"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in PaymentOrder._meta.fields] + ["receipt_lines"]

    @admin.display(description=_("fiscal receipt lines"))
    def receipt_lines(self, order: PaymentOrder) -> str:
        """What the bank's register was asked to print, line by line, and to whom."""
        receipt = order.fiscal_receipt or {}
        lines = [format_html("{}: {}", line["name"], money_text(Decimal(line["kopecks"]) / 100))
                 for line in receipt.get("lines", [])]
        if not lines:
            return "—"
        header = format_html(_("To {}; VAT {}; taxation {}"),
                             receipt.get("email") or receipt.get("phone"),
                             VAT_LABELS.get(receipt.get("vat"), receipt.get("vat")),
                             TAXATION_LABELS.get(receipt.get("taxation"),
                                                 receipt.get("taxation")))
        return format_html("{}<br>{}", header, format_html_join(
            mark_safe("<br>"), "{}", ((line,) for line in lines)))

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Mark as refunded by the bank"), permissions=["change"])
    def mark_refunded(self, request, queryset):
        count = sum(services.order_refund_mark(order=order, actor=request.user)
                    for order in queryset)
        self.message_user(request, _("Refunds marked: %(count)d.") % {"count": count},
                          messages.SUCCESS)


@admin.register(BankNotification)
class BankNotificationAdmin(StaffAdmin):
    list_display = ["received_at", "key", "signature_valid", "outcome", "order"]
    list_filter = ["signature_valid"]
    search_fields = ["key", "order__order_id"]
    readonly_fields = ["key", "order", "payload", "signature_valid", "outcome", "received_at"]

    def has_add_permission(self, request):
        return False


@admin.register(BoundCard)
class BoundCardAdmin(StaffAdmin):
    """Cards the bank bound for autopay: the masked number and expiry only, read only."""

    list_display = ["pan", "expiry", "user", "gateway", "created_at", "removed_at"]
    list_filter = ["gateway", ("removed_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "pan"]
    list_select_related = ["user"]
    readonly_fields = ["user", "gateway", "customer_key", "card_id", "rebill_id", "pan",
                       "expiry", "bound_on", "created_at", "removed_at"]

    def has_add_permission(self, request):
        return False


class AutopayRunInline(ReadOnlyInline):
    model = AutopayRun
    fields = ["period", "amount", "charge_on", "status", "attempts", "order"]


@admin.register(AutopayRule)
class AutopayRuleAdmin(StaffAdmin):
    """Autopay rules and their monthly runs; staff read them, the payer changes them."""

    list_display = ["account", "user", "card", "cap", "active", "updated_at"]
    list_filter = ["active"]
    search_fields = ["account__number", "user__username"]
    list_select_related = ["account", "user", "card"]
    readonly_fields = ["account", "user", "card", "cap", "active", "updated_at"]
    inlines = [AutopayRunInline]

    def has_add_permission(self, request):
        return False


@admin.register(AutopayRun)
class AutopayRunAdmin(StaffAdmin):
    list_display = ["account", "period", "amount", "charge_on", "status", "attempts", "order"]
    list_filter = ["status", "period"]
    search_fields = ["account__number", "order__order_id"]
    list_select_related = ["account", "order"]
    readonly_fields = ["rule", "account", "period", "amount", "charge_on", "status", "attempts",
                       "order", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False
