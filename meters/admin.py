import io

from django.contrib import admin, messages
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from vodokanal.admin import ReadOnlyInline, StaffAdmin

from .exchange import readings_export
from .models import Meter, Reading, ReadingRules


@admin.register(ReadingRules)
class ReadingRulesAdmin(StaffAdmin):
    list_display = ["__str__", "high_consumption"]

    def has_add_permission(self, request):
        return not ReadingRules.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


class ReadingInline(ReadOnlyInline):
    model = Reading
    fields = ["period", "value", "consumption", "high_consumption", "source"]
    readonly_fields = fields
    ordering = ["-period"]


@admin.register(Meter)
class MeterAdmin(StaffAdmin):
    """A replacement: set "removed on" here, then add the new meter with its initial reading."""

    list_display = ["serial", "water", "account", "building", "verification_due", "removed_on"]
    list_filter = ["water", ("removed_on", admin.EmptyFieldListFilter)]
    search_fields = ["serial", "account__number", "building__address", "external_id"]
    list_select_related = ["account", "building"]
    autocomplete_fields = ["account", "building"]
    inlines = [ReadingInline]


@admin.register(Reading)
class ReadingAdmin(StaffAdmin):
    list_display = ["meter", "account", "period", "value", "consumption", "high_consumption",
                    "reviewed", "source", "submitted_at"]
    list_filter = ["high_consumption", "reviewed", "period", "source",
                   ("meter__account__building", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["meter__serial", "meter__account__number"]
    list_select_related = ["meter", "meter__account"]
    readonly_fields = ["meter", "period", "value", "consumption", "high_consumption", "source",
                       "submitted_by", "submitted_at"]
    date_hierarchy = "period"
    actions = ["mark_reviewed", "export_csv"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("personal account"))
    def account(self, reading):
        return reading.meter.account

    @admin.action(description=_("Mark as reviewed"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = queryset.update(reviewed=True)
        self.message_user(request, _("Readings reviewed: %(count)d.") % {"count": count},
                          messages.SUCCESS)

    @admin.action(description=_("Export as CSV (billing system format)"))
    def export_csv(self, request, queryset):
        out = io.StringIO()
        readings_export(readings=queryset, out=out)
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="readings.csv"'
        return response
