from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .models import User

app_name = "accounts"

urlpatterns = [
    path("login/", views.IndividualLoginView.as_view(), name="login"),
    path("login/legal/", views.OrganisationLoginView.as_view(kind=User.Kind.LEGAL_ENTITY),
         name="login_legal"),
    path("login/management/",
         views.OrganisationLoginView.as_view(kind=User.Kind.MANAGEMENT_COMPANY),
         name="login_management"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("cabinet/", views.cabinet, name="cabinet"),
    path("profile/password/", views.password_change, name="password_change"),
    path("password-recovery/organisations/", views.organisation_recovery,
         name="organisation_recovery"),
]
