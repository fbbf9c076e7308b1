from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from vodokanal.admin import ReadOnlyAdmin
from vodokanal.audit import audit_record

from . import services
from .exchange.formats import FORMATS
from .exchange.importer import ImportRejected, billing_file_import
from .models import Charge, MonthlyBalance, PaymentReceived, Tariff

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class BillingFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("File"), choices=[
        ("buildings", _("Buildings")), ("accounts", _("Personal accounts")),
        ("charges", _("Charges")), ("payments", _("Payments"))])
    file = forms.FileField(label=_("CSV file"), help_text=_("As described in docs/exchange.md."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB; use the "
                                          "billing_import command on the server."))
        return upload


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ["service", "category", "valid_from", "price", "published_at"]
    list_filter = ["service", "category"]
    date_hierarchy = "valid_from"
    readonly_fields = ["published_at"]
    actions = ["publish"]

    @admin.action(description=_("Publish: notify the subscribers who asked"),
                  permissions=["change"])
    def publish(self, request, queryset):
        published = sum(services.tariff_publish(tariff=tariff, actor=request.user)
                        for tariff in queryset)
        self.message_user(request, _("Tariffs published: %(count)d (a tariff is announced "
                                     "only once).") % {"count": published}, messages.SUCCESS)


class _ImportedAdmin(ReadOnlyAdmin):
    """Charges, payments and balances come from the billing system: staff only read them."""

    list_select_related = ["account"]
    search_fields = ["account__number", "external_id"]


@admin.register(Charge)
class ChargeAdmin(_ImportedAdmin):
    list_display = ["account", "period", "service", "volume", "tariff", "amount", "recalculation"]
    list_filter = ["service", "period"]
    change_list_template = "admin/billing/charge/change_list.html"

    def get_urls(self):
        upload = path("import/", self.admin_site.admin_view(self.import_view),
                      name="billing_charge_import")
        return [upload, *super().get_urls()]

    def import_view(self, request):
        """Upload a file from the billing system: all of it lands, or none with the reasons."""
        if not request.user.has_perm("billing.import_billing_files"):
            raise PermissionDenied
        form = BillingFileForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            kind = form.cleaned_data["kind"]
            try:
                result = billing_file_import(file_format=FORMATS[kind],
                                             stream=form.cleaned_data["file"].file)
            except ImportRejected as rejected:
                errors = rejected.errors
            else:
                audit_record(action="billing.imported", actor=request.user, kind=kind,
                             file=form.cleaned_data["file"].name, rows=result.rows,
                             written=result.written)
                self.message_user(request, _("%(rows)d rows read, %(written)d new or changed.")
                                  % {"rows": result.rows, "written": result.written},
                                  messages.SUCCESS)
                return redirect("admin:billing_charge_import")
        context = {**self.admin_site.each_context(request), "form": form, "errors": errors,
                   "title": _("Import from the billing system"), "opts": self.model._meta}
        return TemplateResponse(request, "admin/billing/import.html", context)


@admin.register(PaymentReceived)
class PaymentReceivedAdmin(_ImportedAdmin):
    list_display = ["account", "paid_on", "amount", "channel"]
    list_filter = ["channel"]
    date_hierarchy = "paid_on"


@admin.register(MonthlyBalance)
class MonthlyBalanceAdmin(_ImportedAdmin):
    list_display = ["account", "period", "opening", "charged", "recalculated", "paid", "closing"]
    search_fields = ["account__number"]
