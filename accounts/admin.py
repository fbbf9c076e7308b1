from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

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
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "inn", "access_code", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "inn", "access_code", "external_id"]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["address", "management_company", "has_communal_meter"]
    list_filter = ["has_communal_meter", "management_company"]
    search_fields = ["address", "external_id"]
    list_select_related = ["management_company"]
    autocomplete_fields = ["management_company"]


@admin.register(PersonalAccount)
class PersonalAccountAdmin(admin.ModelAdmin):
    list_display = ["number", "holder_name", "building", "flat", "category", "user"]
    list_filter = ["category"]
    search_fields = ["number", "last_name", "building__address", "external_id"]
    list_select_related = ["building", "user"]
    autocomplete_fields = ["building", "user"]
    readonly_fields = ["registered_at"]
