from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vodokanal.admin import ReadOnlyAdmin, StaffAdmin

from . import services
from .models import Announcement, FaqEntry, Notice, NotificationChoice, Office, Question


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """The outbox, to see what was sent to whom and what failed."""

    list_display = ["created_at", "kind", "channel", "user", "status", "attempts", "sent_at"]
    list_filter = ["status", "kind", "channel"]
    search_fields = ["key", "user__username", "user__email"]
    list_select_related = ["user"]
    date_hierarchy = "created_at"


@admin.register(Question)
class QuestionAdmin(StaffAdmin):
    """Staff write the answer here; saving it tells the author (the first time)."""

    list_display = ["__str__", "topic", "author", "asked_at", "answered_at"]
    list_filter = ["topic", ("answered_at", admin.EmptyFieldListFilter),
                   ("user", admin.EmptyFieldListFilter)]
    search_fields = ["text", "answer", "user__username", "user__email", "guest_email",
                     "guest_name", "guest_account_number"]
    list_select_related = ["user"]
    fields = ["author", "guest_account_number", "topic", "text", "attachment_link", "asked_at",
              "answer", "answered_at", "answered_by"]
    readonly_fields = ["author", "guest_account_number", "topic", "text", "attachment_link",
                       "asked_at", "answered_at", "answered_by"]
    actions = ["publish_to_faq"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("author"))
    def author(self, question):
        return question.author

    @admin.display(description=_("attachment"))
    def attachment_link(self, question):
        if not question.attachment:
            return "—"
        return format_html('<a href="{}">{}</a>',
                           reverse("support:attachment", args=[question.pk]),
                           question.attachment_name)

    def save_model(self, request, obj, form, change):
        if "answer" in form.changed_data and obj.answer.strip():
            services.question_answer(question=obj, staff=request.user, answer=obj.answer)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Prepare an FAQ draft"), permissions=["change"])
    def publish_to_faq(self, request, queryset):
        count = sum(bool(services.faq_draft_make(question=q, actor=request.user))
                    for q in queryset)
        self.message_user(request, _(
            "FAQ drafts made: %(count)d (answered questions only, each once). The resident's "
            "name, address, account, phone and e-mail found in them are masked with «…»: "
            "read each draft, remove anything personal that is left, then publish it from the "
            "FAQ list. Nothing is public before that.") % {"count": count}, messages.WARNING)


@admin.register(FaqEntry)
class FaqEntryAdmin(StaffAdmin):
    list_display = ["question", "topic", "published_at"]
    list_filter = ["topic", ("published_at", admin.EmptyFieldListFilter)]
    search_fields = ["question", "answer"]
    readonly_fields = ["source", "published_at"]
    actions = ["publish"]

    @admin.action(description=_("Publish on the FAQ page (checked: nothing personal left)"),
                  permissions=["change"])
    def publish(self, request, queryset):
        count = sum(services.faq_entry_publish(entry=entry, actor=request.user)
                    for entry in queryset)
        self.message_user(request, _("Published: %(count)d.") % {"count": count},
                          messages.SUCCESS)

    def save_model(self, request, obj, form, change):
        if not change:  # written by staff themselves: theirs to publish at once
            obj.published_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(Office)
class OfficeAdmin(StaffAdmin):
    list_display = ["name", "address", "phone", "hours"]
    search_fields = ["name", "address"]


@admin.register(NotificationChoice)
class NotificationChoiceAdmin(StaffAdmin):
    list_display = ["user", "kind", "channel"]
    list_filter = ["kind", "channel"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    autocomplete_fields = ["user"]


@admin.register(Announcement)
class AnnouncementAdmin(StaffAdmin):
    """Staff write an outage or an announcement, then publish it (an action): subscribers at
    its addresses who asked are told. A change saved after that sends one correction;
    cancelling tells those who heard of it."""

    list_display = ["title", "kind", "service", "starts_at", "ends_at", "published_at",
                    "cancelled_at", "version"]
    list_filter = ["kind", "service", ("published_at", admin.EmptyFieldListFilter),
                   ("cancelled_at", admin.EmptyFieldListFilter)]
    search_fields = ["title", "text", "streets"]
    autocomplete_fields = ["buildings"]
    readonly_fields = ["published_at", "cancelled_at", "version"]
    actions = ["publish", "cancel"]

    def save_model(self, request, obj, form, change):
        if change and obj.published_at and form.changed_data:
            # The buildings are saved after this, in the same transaction, before the
            # correction is sent (after the commit).
            services.announcement_change(announcement=obj, actor=request.user)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish and notify"), permissions=["change"])
    def publish(self, request, queryset):
        count = sum(services.announcement_publish(announcement=a, actor=request.user)
                    for a in queryset)
        self.message_user(request, _("Published: %(count)d. Subscribers at their addresses "
                                     "who asked are being notified.") % {"count": count},
                          messages.SUCCESS)

    @admin.action(description=_("Cancel and notify"), permissions=["change"])
    def cancel(self, request, queryset):
        count = sum(services.announcement_cancel(announcement=a, actor=request.user)
                    for a in queryset)
        self.message_user(request, _("Cancelled: %(count)d. Those notified are being told.")
                          % {"count": count}, messages.SUCCESS)
