from django.contrib import admin

from .models import AuditEntry


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that the code or an import writes and staff only read."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
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
