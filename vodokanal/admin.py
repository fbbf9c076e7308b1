from django.contrib import admin
from django.db import models

from .decimals import DecimalInputField
from .models import AuditEntry

# Staff type amounts and volumes as residents do ("1 234,56"): the one parser for all.
_NUMBERS_AS_TYPED = {models.DecimalField: {"form_class": DecimalInputField}}


class StaffAdmin(admin.ModelAdmin):
    """Every model admin of the portal."""

    formfield_overrides = _NUMBERS_AS_TYPED


class StaffInline(admin.TabularInline):
    """Every inline of the portal."""

    formfield_overrides = _NUMBERS_AS_TYPED


class ReadOnlyAdmin(StaffAdmin):
    """Rows that the code or an import writes and staff only read."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(StaffInline):
    """History and rows the code writes, shown inside their parent's page."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The trail is only ever added to, never edited by hand."""

    list_display = ["at", "action", "actor", "ip_address"]
    list_filter = ["action"]
    search_fields = ["action", "actor__username", "ip_address"]
    list_select_related = ["actor"]
    date_hierarchy = "at"
