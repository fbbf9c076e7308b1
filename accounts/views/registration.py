"""Registration of an individual and password recovery, both finished by an e-mailed link."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from vodokanal.throttle import form_request_allowed

from .. import services, tokens
from ..forms import PasswordRecoveryForm, RegistrationForm, SetPasswordForm
from ..models import PersonalAccount, User
from ..services import ProofOutcome
from .common import link_invalid, token_landing, too_many_attempts

# One message for a number that does not exist and for a name or address that
# differs: the form must not tell which accounts exist.
NO_MATCH_MESSAGE = _(
    "These details do not match the utility's register. Check the account number, the "
    "address and the name exactly as printed on your receipt."
)

REGISTRATION_SESSION_KEY = "accounts:registration_link"
RECOVERY_SESSION_KEY = "accounts:recovery_link"


def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        outcome = (services.account_registration_start(proof=form.proof(), email=email)
                   if form_request_allowed(request, "registration")
                   else ProofOutcome.LIMIT_REACHED)
        if outcome is ProofOutcome.ACCEPTED:
            request.session["accounts:registration_email"] = email
            return redirect("accounts:registration_sent")
        if outcome is ProofOutcome.LIMIT_REACHED:
            return too_many_attempts(request, "accounts/register.html", {"form": form}, form)
        if outcome is ProofOutcome.NO_MATCH:
            form.add_error(None, NO_MATCH_MESSAGE)
    return render(request, "accounts/register.html",
                  {"form": form, "already_registered": outcome is ProofOutcome.REGISTERED})


def registration_sent(request: HttpRequest) -> HttpResponse:
    email = request.session.get("accounts:registration_email")
    return render(request, "accounts/registration_sent.html", {"email": email})


@sensitive_post_parameters()
def registration_password(request: HttpRequest) -> HttpResponse:
    landing = token_landing(request, session_key=REGISTRATION_SESSION_KEY, names=("token",),
                            url_name="accounts:registration_password")
    if landing:
        return landing
    try:
        claim = tokens.registration_claim(request.session.get(REGISTRATION_SESSION_KEY,
                                                              {}).get("token", ""))
    except tokens.InvalidToken:
        return link_invalid(request)
    account = PersonalAccount.objects.filter(pk=claim.account_id, user__isnull=True).first()
    if account is None:  # registered since: the link has been used
        return link_invalid(request)
    # Not saved: lets the validators compare the password with the name and e-mail.
    future_user = User(username=account.number, email=claim.email,
                       first_name=account.first_name, last_name=account.last_name)
    form = SetPasswordForm(future_user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_registration_complete(
                claim=claim, password=form.cleaned_data["new_password1"])
        except tokens.InvalidToken:
            return link_invalid(request)
        return _password_set(request, REGISTRATION_SESSION_KEY, account.number)
    return render(request, "accounts/set_password.html", {"form": form, "account": account})


def password_recovery(request: HttpRequest) -> HttpResponse:
    form = PasswordRecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        # Per client address here; per mailbox where the letter is written (the task), so
        # that a stranger typing someone's number never stops the owner from asking.
        if not form_request_allowed(request, "recovery"):
            return too_many_attempts(request, "accounts/recovery.html", {"form": form}, form)
        services.password_recovery_request(identifier=identifier)
        return redirect("accounts:recovery_sent")
    return render(request, "accounts/recovery.html", {"form": form})


def recovery_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/recovery_sent.html")


@sensitive_post_parameters()
def recovery_password(request: HttpRequest) -> HttpResponse:
    landing = token_landing(request, session_key=RECOVERY_SESSION_KEY,
                            names=("account", "token"), url_name="accounts:recovery_password")
    if landing:
        return landing
    link = request.session.get(RECOVERY_SESSION_KEY, {})
    account = _recovery_account(link.get("account", ""))
    token = link.get("token", "")
    if account is None or not tokens.recovery_token_valid(user=account.user, token=token):
        return link_invalid(request)
    form = SetPasswordForm(account.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_recovery_complete(account_id=account.pk, token=token,
                                                password=form.cleaned_data["new_password1"])
        except tokens.InvalidToken:
            return link_invalid(request)
        return _password_set(request, RECOVERY_SESSION_KEY, account.number)
    return render(request, "accounts/set_password.html", {"form": form, "account": account})


def _recovery_account(encoded_id: str) -> PersonalAccount | None:
    try:
        account_id = int(urlsafe_base64_decode(encoded_id).decode())
    except (ValueError, UnicodeDecodeError):
        return None
    return (PersonalAccount.objects.select_related("user")
            .filter(pk=account_id, user__kind=User.Kind.INDIVIDUAL, user__is_active=True)
            .first())


def _password_set(request: HttpRequest, session_key: str, number: str) -> HttpResponse:
    request.session.pop(session_key, None)
    messages.success(request, _("The password is set. Log in with the account number %(number)s "
                                "and the new password.") % {"number": number})
    return redirect("accounts:login")

