from django.contrib import admin

from vodokanal.admin import ReadOnlyAdmin

from .models import Notice


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """The outbox, to see what was sent to whom and what failed."""

    list_display = ["created_at", "kind", "channel", "user", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["key", "user__username", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"
