from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import pwa, views

admin.site.site_header = _("Vodokanal: staff")
admin.site.site_title = _("Vodokanal staff")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("offline/", pwa.offline, name="offline"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("vodokanal.api.urls")),
    path("cabinet/", views.cabinet, name="cabinet"),
    path("", include("accounts.urls")),
    path("", include("billing.urls")),
    path("", include("meters.urls")),
    path("", include("payments.urls")),
    path("", include("support.urls")),
]

if settings.TEST_BANK_ENABLED:  # the partner bank's protocol, played locally (make run, tests)
    urlpatterns.append(path("test-bank/", include("payments.test_bank_urls")))
