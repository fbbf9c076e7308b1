"""The three login forms, the lockout page and the first-login password change."""

from math import ceil

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from .. import services
from ..forms import IndividualLoginForm, OrganisationLoginForm, PasswordChangeForm
from ..models import User
from ..sessions import session_remember

LOGIN_TABS = [
    (User.Kind.INDIVIDUAL, "accounts:login", _("Individuals")),
    (User.Kind.LEGAL_ENTITY, "accounts:login_legal", _("Legal entities")),
    (User.Kind.MANAGEMENT_COMPANY, "accounts:login_management", _("Management companies")),
]


class IndividualLoginView(auth_views.LoginView):
    form_class = IndividualLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"tabs": LOGIN_TABS, "active_tab": User.Kind.INDIVIDUAL}

    def form_valid(self, form):
        response = super().form_valid(form)  # a short session (accounts.sessions)
        if form.cleaned_data.get("remember_me"):
            session_remember(self.request)
        return response


class OrganisationLoginView(auth_views.LoginView):
    form_class = OrganisationLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    kind: str = User.Kind.LEGAL_ENTITY

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "kind": self.kind}

    def get_context_data(self, **kwargs):
        return super().get_context_data(tabs=LOGIN_TABS, active_tab=self.kind, **kwargs)


class LogoutView(auth_views.LogoutView):
    """Logging out also empties what the installable app kept on this device (the tabs it
    shows offline) and unregisters its worker."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes calls this instead of the login view while a login is locked."""
    minutes = ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@sensitive_post_parameters()
@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request, request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(user=request.user,
                                 new_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)  # this session stays, others end
        messages.success(request, _("The password has been changed."))
        return redirect("cabinet")
    first_time = request.user.must_change_password
    return render(request, "accounts/password_change.html",
                  {"form": form, "first_time": first_time})


def organisation_recovery(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/organisation_recovery.html")
