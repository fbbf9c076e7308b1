"""The profile: contacts, the password and the personal accounts of a login."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from vodokanal.throttle import form_request_allowed, mail_allowed

from .. import selectors, services, tokens
from ..forms import AccountProofForm, EmailChangeForm, PhoneForm
from ..models import User
from ..services import ProofOutcome
from .common import link_invalid, token_landing, too_many_attempts
from .registration import NO_MATCH_MESSAGE

EMAIL_SESSION_KEY = "accounts:email_link"
LINK_PREFIX = "link"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return _profile_page(request)


@login_required
@require_POST
def email_change(request: HttpRequest) -> HttpResponse:
    def request_confirmation(data):
        services.email_change_request(user=request.user, new_email=data["email"])
        return _("We have sent a link to %(email)s. The new e-mail counts once you open it."
                 ) % {"email": data["email"]}

    form = EmailChangeForm(request.POST, request=request, user=request.user)
    if form.is_valid() and not (form_request_allowed(request, "email_change")
                                and mail_allowed(form.cleaned_data["email"])):
        return too_many_attempts(request, "accounts/profile.html",
                                 _profile_context(request, email_form=form), form)
    return _profile_form_submit(request, form, "email_form", request_confirmation)


@login_required
@require_POST
def phone_change(request: HttpRequest) -> HttpResponse:
    def save(data):
        services.phone_change(user=request.user, phone=data["phone"])
        return _("The mobile phone has been saved.")

    return _profile_form_submit(request, PhoneForm(request.POST), "phone_form", save)


def _profile_form_submit(request: HttpRequest, form, name: str, save) -> HttpResponse:
    """One of the profile's forms: saved with a message, or the page again with its errors."""
    if not form.is_valid():
        return _profile_page(request, **{name: form})
    messages.success(request, save(form.cleaned_data))
    return redirect("accounts:profile")


@login_required
@require_POST
def account_link(request: HttpRequest) -> HttpResponse:
    form = AccountProofForm(request.POST, prefix=LINK_PREFIX)
    if request.user.kind != User.Kind.INDIVIDUAL or not form.is_valid():
        return _profile_page(request, link_form=form)
    if not form_request_allowed(request, "account_link"):
        return too_many_attempts(request, "accounts/profile.html",
                                 _profile_context(request, link_form=form), form)
    outcome = services.personal_account_link(user=request.user, proof=form.proof())
    if outcome is not ProofOutcome.ACCEPTED:
        form.add_error(None, _LINK_REFUSALS[outcome])
        return _profile_page(request, link_form=form)
    messages.success(request, _("Account %(number)s is now linked to this login.")
                     % {"number": form.cleaned_data["account_number"]})
    return redirect("accounts:profile")


_LINK_REFUSALS = {
    ProofOutcome.NO_MATCH: NO_MATCH_MESSAGE,
    ProofOutcome.ALREADY_YOURS: _("This account is already linked to this login."),
    ProofOutcome.REGISTERED: _(
        "This account is registered to another login. If that login is yours too, recover "
        "its password; otherwise call the support line."),
}


def email_confirm(request: HttpRequest) -> HttpResponse:
    """The link sent to a new e-mail: a page with a button, so a mail scanner opening it
    changes nothing."""
    landing = token_landing(request, session_key=EMAIL_SESSION_KEY, names=("token",),
                            url_name="accounts:email_confirm")
    if landing:
        return landing
    try:
        claim = tokens.email_change_claim(request.session.get(EMAIL_SESSION_KEY,
                                                              {}).get("token", ""))
    except tokens.InvalidToken:
        return link_invalid(request)
    if request.method == "POST":
        try:
            services.email_change_confirm(claim=claim)
        except tokens.InvalidToken:
            return link_invalid(request)
        request.session.pop(EMAIL_SESSION_KEY, None)
        messages.success(request, _("Your e-mail is now %(email)s.") % {"email": claim.new_email})
        return redirect("accounts:profile" if request.user.is_authenticated else "home")
    return render(request, "accounts/email_confirm.html", {"new_email": claim.new_email})


def _profile_page(request: HttpRequest, **forms) -> HttpResponse:
    return render(request, "accounts/profile.html", _profile_context(request, **forms))


def _profile_context(request: HttpRequest, **forms) -> dict:
    user = request.user
    context = {
        "email_form": EmailChangeForm(request=request, user=user),
        "phone_form": PhoneForm(initial={"phone": user.phone}),
        "personal_accounts": selectors.personal_accounts_for_user(user=user),
        "link_form": AccountProofForm(prefix=LINK_PREFIX),
        "can_link_accounts": user.kind == User.Kind.INDIVIDUAL,
    }
    return {**context, **forms}
