from django.contrib import admin

from vodokanal.admin import ReadOnlyAdmin

from .models import Charge, MonthlyBalance, PaymentReceived, Tariff


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ["service", "category", "valid_from", "price"]
    list_filter = ["service", "category"]
    date_hierarchy = "valid_from"


class _ImportedAdmin(ReadOnlyAdmin):
    """Charges, payments and balances come from the billing system: staff only read them."""

    list_select_related = ["account"]
    search_fields = ["account__number", "external_id"]


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
