from django.contrib import admin

from .models import Charge, MonthlyBalance, PaymentReceived, Tariff


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ["service", "category", "valid_from", "price"]
    list_filter = ["service", "category"]
    date_hierarchy = "valid_from"


class _ImportedAdmin(admin.ModelAdmin):
    """Charges, payments and balances come from the billing system: staff only read them."""

    list_select_related = ["account"]
    search_fields = ["account__number", "external_id"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Charge)
class ChargeAdmin(_ImportedAdmin):
    list_display = ["account", "period", "service", "volume", "tariff", "amount", "recalculation"]
    list_filter = ["service", "period"]


@admin.register(PaymentReceived)
class PaymentReceivedAdmin(_ImportedAdmin):
    list_display = ["account", "paid_on", "amount", "channel"]
    list_filter = ["channel"]
    date_hierarchy = "paid_on"


@admin.register(MonthlyBalance)
class MonthlyBalanceAdmin(_ImportedAdmin):
    list_display = ["account", "period", "opening", "charged", "recalculated", "paid", "closing"]
    search_fields = ["account__number"]
