from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Vodokanal: staff")
admin.site.site_title = _("Vodokanal staff")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("cabinet/", views.cabinet, name="cabinet"),
    path("", include("accounts.urls")),
    path("", include("billing.urls")),
    path("", include("meters.urls")),
]
