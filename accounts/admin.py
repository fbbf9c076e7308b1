from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _

from vodokanal.admin import StaffAdmin

from . import services
from .models import Building, Organisation, PersonalAccount, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "kind", "email", "phone", "organisation", "is_active",
                    "last_login"]
    list_filter = ["kind", "is_active", "is_staff"]
    search_fields = ["username", "email", "phone", "personal_accounts__number",
                     "organisation__name", "organisation__access_code"]
    list_select_related = ["organisation"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Portal"), {"fields": ["kind", "phone", "organisation", "must_change_password"]}),
    ]
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(StaffAdmin):
    list_display = ["name", "kind", "inn", "access_code", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "inn", "access_code", "external_id"]
    actions = ["issue_access"]

    @admin.action(description=_("Issue access code and initial password (print the letter)"),
                  permissions=["change"])
    def issue_access(self, request, queryset):
        """One printed letter per organisation; the password is shown this once only."""
        issued = [services.organisation_access_issue(organisation=organisation,
                                                     issued_by=request.user)
                  for organisation in queryset.order_by("name")]
        self.message_user(request, _("Access issued to %(count)d organisation(s).")
                          % {"count": len(issued)})
        login_urls = {kind: request.build_absolute_uri(reverse(name)) for kind, name in (
            (Organisation.Kind.LEGAL_ENTITY, "accounts:login_legal"),
            (Organisation.Kind.MANAGEMENT_COMPANY, "accounts:login_management"))}
        response = render(request, "admin/accounts/organisation/access_letter.html",
                          {"letters": issued, "login_urls": login_urls})
        add_never_cache_headers(response)
        return response


@admin.register(Building)
class BuildingAdmin(StaffAdmin):
    list_display = ["address", "management_company", "has_communal_meter"]
    list_filter = ["has_communal_meter", "management_company"]
    search_fields = ["address", "external_id"]
    list_select_related = ["management_company"]
    autocomplete_fields = ["management_company"]


@admin.register(PersonalAccount)
class PersonalAccountAdmin(StaffAdmin):
    list_display = ["number", "holder_name", "building", "flat", "category", "user"]
    list_filter = ["category"]
    search_fields = ["number", "last_name", "building__address", "external_id"]
    list_select_related = ["building", "user"]
    autocomplete_fields = ["building", "user"]
    readonly_fields = ["registered_at"]
