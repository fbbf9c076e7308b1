from django.urls import path

from .models import User
from .views import cabinet, login, profile, registration, tokens

app_name = "accounts"

urlpatterns = [
    path("login/", login.IndividualLoginView.as_view(), name="login"),
    path("login/legal/", login.OrganisationLoginView.as_view(kind=User.Kind.LEGAL_ENTITY),
         name="login_legal"),
    path("login/management/",
         login.OrganisationLoginView.as_view(kind=User.Kind.MANAGEMENT_COMPANY),
         name="login_management"),
    path("logout/", login.LogoutView.as_view(), name="logout"),
    path("register/", registration.register, name="register"),
    path("register/sent/", registration.registration_sent, name="registration_sent"),
    path("register/password/", registration.registration_password,
         name="registration_password"),
    path("password-recovery/", registration.password_recovery, name="recovery"),
    path("password-recovery/sent/", registration.recovery_sent, name="recovery_sent"),
    path("password-recovery/password/", registration.recovery_password,
         name="recovery_password"),
    path("password-recovery/organisations/", login.organisation_recovery,
         name="organisation_recovery"),
    path("cabinet/account/", cabinet.account_switch, name="account_switch"),
    path("profile/", profile.profile, name="profile"),
    path("profile/password/", login.password_change, name="password_change"),
    path("profile/email/", profile.email_change, name="email_change"),
    path("profile/email/confirm/", profile.email_confirm, name="email_confirm"),
    path("profile/phone/", profile.phone_change, name="phone_change"),
    path("profile/accounts/", profile.account_link, name="account_link"),
    path("profile/tokens/", tokens.access_tokens, name="access_tokens"),
    path("profile/tokens/<int:pk>/revoke/", tokens.access_token_revoke,
         name="access_token_revoke"),
]
