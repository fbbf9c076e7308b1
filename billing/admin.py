from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vodokanal.admin import ReadOnlyAdmin, ReadOnlyInline, StaffAdmin, StaffInline
from vodokanal.audit import audit_record
from vodokanal.uploads import upload_validate

from . import services
from .documents import document_publish
from .exchange.formats import FORMATS
from .exchange.importer import ImportRejected, billing_file_import
from .models import (
    Charge,
    Contract,
    ContractCharge,
    ContractPayment,
    Document,
    DocumentEvent,
    DocumentReply,
    MonthlyBalance,
    PaymentReceived,
    ServicePoint,
    Tariff,
)

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class BillingFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("File"), choices=[
        ("buildings", _("Buildings")), ("accounts", _("Personal accounts")),
        ("charges", _("Charges")), ("payments", _("Payments"))])
    # An empty file is the importer's to refuse, with the header it expects.
    file = forms.FileField(label=_("CSV file"), help_text=_("As described in docs/exchange.md."),
                           allow_empty_file=True)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB; use the "
                                          "billing_import command on the server."))
        return upload


@admin.register(Tariff)
class TariffAdmin(StaffAdmin):
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


class ServicePointInline(StaffInline):
    model = ServicePoint
    extra = 1


@admin.register(Contract)
class ContractAdmin(StaffAdmin):
    list_display = ["number", "organisation", "signed_on", "valid_until"]
    search_fields = ["number", "organisation__name", "organisation__inn", "external_id"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation"]
    inlines = [ServicePointInline]


@admin.register(ContractCharge)
class ContractChargeAdmin(StaffAdmin):
    list_display = ["contract", "period", "service", "volume", "tariff", "amount", "recalculation"]
    list_filter = ["service", "period"]
    search_fields = ["contract__number", "external_id"]
    list_select_related = ["contract"]
    autocomplete_fields = ["contract"]


@admin.register(ContractPayment)
class ContractPaymentAdmin(StaffAdmin):
    list_display = ["contract", "paid_on", "amount"]
    search_fields = ["contract__number", "external_id"]
    list_select_related = ["contract"]
    autocomplete_fields = ["contract"]
    date_hierarchy = "paid_on"


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["organisation", "contract", "kind", "title", "dated", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            upload_validate(upload, kinds=("pdf",), max_bytes=20 * 1024 * 1024)
        return upload


class DocumentEventInline(ReadOnlyInline):
    model = DocumentEvent
    fields = readonly_fields = ["at", "action", "status", "actor", "note"]


class DocumentReplyInline(ReadOnlyInline):
    model = DocumentReply
    fields = readonly_fields = ["uploaded_at", "kind", "download", "uploaded_by"]

    @admin.display(description=_("file"))
    def download(self, reply):
        url = reverse("billing:reply_file", kwargs={"pk": reply.document_id, "reply_pk": reply.pk})
        return format_html('<a href="{}">{}</a>', url, reply.original_name)


@admin.register(Document)
class DocumentAdmin(StaffAdmin):
    """Staff publish documents here; the organisation answers in its cabinet."""

    form = DocumentForm
    list_display = ["title", "organisation", "kind", "dated", "status", "published_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "organisation__name", "organisation__inn"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["organisation", "contract"]
    readonly_fields = ["status", "published_at", "download"]
    inlines = [DocumentReplyInline, DocumentEventInline]

    def get_readonly_fields(self, request, obj=None):
        # Once published, a document is what the organisation saw: not to be swapped.
        locked = ["organisation", "contract", "kind", "title", "dated", "file"] if obj else []
        return [*self.readonly_fields, *locked]

    @admin.display(description=_("file"))
    def download(self, document):
        if not document.pk:
            return "—"
        return format_html('<a href="{}">{}</a>',
                           reverse("billing:document_file", kwargs={"pk": document.pk}),
                           _("Download"))

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            document_publish(document=obj, actor=request.user)
