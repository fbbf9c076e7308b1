from django import forms
from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from phonenumber_field.formfields import PhoneNumberField as PhoneNumberFormField

from .models import AccessToken, User
from .numbers import normalise_account_number
from .passwords import current_password_check
from .services import AccountProof


class _LoginForm(forms.Form):
    """The part LoginView needs: authenticate in clean(), then get_user()."""

    password = forms.CharField(
        label=_("Password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    # One message for an unknown login and a wrong password: nothing to enumerate.
    error_messages = {
        "invalid_login": _("Wrong login or password. Check both and try again."),
    }

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user_cache: User | None = None
        super().__init__(*args, **kwargs)

    def credentials(self) -> dict:
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        self.user_cache = authenticate(self.request, **self.credentials())
        if self.user_cache is None:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        return cleaned

    def get_user(self) -> User | None:
        return self.user_cache


class IndividualLoginForm(_LoginForm):
    account_number = forms.CharField(
        label=_("Personal account number"), max_length=32,
        help_text=_("As printed at the top of your receipt, for example 01-1234567."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "numeric",
                                      "autofocus": True, "placeholder": "01-1234567"}),
    )
    remember_me = forms.BooleanField(label=_("Remember me"), required=False)

    field_order = ["account_number", "password", "remember_me"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.SESSION_COOKIE_AGE // 86400
        minutes = round(settings.SESSION_IDLE_MINUTES)
        self.fields["remember_me"].help_text = " ".join((
            ngettext("On your own device only: the login then lasts %(days)s day.",
                     "On your own device only: the login then lasts %(days)s days.", days)
            % {"days": days},
            ngettext("Without it, it ends after %(minutes)s minute without activity or when "
                     "the browser closes.",
                     "Without it, it ends after %(minutes)s minutes without activity or when "
                     "the browser closes.", minutes) % {"minutes": minutes}))

    def clean_account_number(self) -> str:
        return normalise_account_number(self.cleaned_data["account_number"])

    def credentials(self) -> dict:
        return {"account_number": self.cleaned_data["account_number"],
                "password": self.cleaned_data["password"]}


class OrganisationLoginForm(_LoginForm):
    access_code = forms.CharField(
        label=_("Access code"), max_length=32,
        help_text=_("Issued by the contracts office together with the initial password."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    field_order = ["access_code", "password"]

    def __init__(self, request=None, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(request, *args, **kwargs)

    def credentials(self) -> dict:
        return {"access_code": self.cleaned_data["access_code"],
                "password": self.cleaned_data["password"], "kind": self.kind}

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # Told by the code's prefix alone, which says nothing of whether it exists.
            other = _other_kinds_tab(self.cleaned_data.get("access_code", ""), self.kind)
            if other is None:
                raise
            raise ValidationError(other, code="other_tab") from None


def _other_kinds_tab(code: str, kind: str) -> str | None:
    prefix = code.strip().upper()[:3]
    if prefix == "UK-" and kind == User.Kind.LEGAL_ENTITY:
        return _("This is a management company's access code: log in on the «Management "
                 "companies» tab.")
    if prefix == "UL-" and kind == User.Kind.MANAGEMENT_COMPANY:
        return _("This is a legal entity's access code: log in on the «Legal entities» tab.")
    return None


class AccountProofForm(forms.Form):
    """Account number, address and holder's name, as on the receipt: the proof of an account."""

    account_number = forms.CharField(
        label=_("Personal account number"), max_length=32,
        help_text=_("As printed at the top of your receipt, for example 01-1234567."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "01-1234567",
                                      "autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Address"), max_length=255,
        help_text=_("Street, house and flat, as on the receipt: ул. Ленина, д. 12, кв. 37."),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    last_name = forms.CharField(label=_("Last name"), max_length=100,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    first_name = forms.CharField(label=_("First name"), max_length=100,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    middle_name = forms.CharField(
        label=_("Middle name (patronymic)"), max_length=100, required=False,
        help_text=_("Leave empty if the receipt has none."),
        widget=forms.TextInput(attrs={"autocomplete": "additional-name"}),
    )

    def clean_account_number(self) -> str:
        return normalise_account_number(self.cleaned_data["account_number"])

    def proof(self) -> AccountProof:
        data = self.cleaned_data
        return AccountProof(number=data["account_number"], address=data["address"],
                            last_name=data["last_name"], first_name=data["first_name"],
                            middle_name=data["middle_name"])


class RegistrationForm(AccountProofForm):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254,
        help_text=_("A link to set your password is sent here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class PasswordRecoveryForm(forms.Form):
    identifier = forms.CharField(
        label=_("Personal account number or e-mail"), max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    def clean_identifier(self) -> str:
        text = self.cleaned_data["identifier"].strip()
        if "@" in text:
            return forms.EmailField().clean(text)
        return normalise_account_number(text)


class _CurrentPasswordForm(forms.Form):
    """A change an open session alone may not make: it takes the current password, and a
    wrong one counts like a failed login (accounts.passwords)."""

    password = forms.CharField(label=_("Current password"), strip=False,
                               widget=forms.PasswordInput(
                                   attrs={"autocomplete": "current-password"}))

    def __init__(self, *args, request, user: User, **kwargs):
        self.request, self.user = request, user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        current_password_check(request=self.request, user=self.user, password=password)
        return password


class EmailChangeForm(_CurrentPasswordForm):
    """The address recovery links go to: whoever changes it takes the login."""

    email = forms.EmailField(label=_("New e-mail"), max_length=254,
                             widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    field_order = ["email", "password"]

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.lower() == self.user.email.lower():
            raise ValidationError(_("This is already your e-mail."), code="same_email")
        return email


class SetPasswordForm(auth_forms.SetPasswordForm):
    """Django's, with what is wrong with the new password said under it, not under its
    confirmation."""

    def validate_password_for_user(self, user, password_field_name=None):
        super().validate_password_for_user(user, "new_password1")


class PasswordChangeForm(SetPasswordForm, auth_forms.PasswordChangeForm):
    """Django's, with the old password checked as the other forms check the current one."""

    def __init__(self, request, user: User, *args, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        password = self.cleaned_data["old_password"]
        current_password_check(request=self.request, user=self.user, password=password)
        return password


class PhoneForm(forms.Form):
    phone = PhoneNumberFormField(
        label=_("Mobile phone"), region="RU", required=False,
        # The library's own example is a Moscow landline, which takes no SMS.
        error_messages={"invalid": _("Enter a Russian mobile number, for example "
                                     "+7 913 123-45-67.")},
        help_text=_("A Russian mobile number for SMS, for example +7 913 123-45-67. "
                    "Leave empty to remove."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel",
                                      "placeholder": "+7 913 123-45-67"}),
    )

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if phone and not _is_russian_mobile(phone):
            raise ValidationError(
                _("Enter a Russian mobile number: +7 and ten digits starting with 9."),
                code="not_russian_mobile")
        return phone


def _is_russian_mobile(phone) -> bool:
    national = str(phone.national_number)
    return phone.country_code == 7 and len(national) == 10 and national.startswith("9")


class AccessTokenForm(_CurrentPasswordForm):
    """A personal access token for the API: what it may do and for how long (at most
    ACCESS_TOKEN_DAYS). It opens the login's data without the password, so it takes it."""

    name = forms.CharField(label=_("Name"), max_length=100,
                           help_text=_("To tell it apart: «Waterius in the kitchen», say."))
    scopes = forms.MultipleChoiceField(label=_("It may"), choices=AccessToken.Scope.choices,
                                       widget=forms.CheckboxSelectMultiple,
                                       initial=[AccessToken.Scope.READ])
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int)
    field_order = ["name", "scopes", "days", "password"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        longest = settings.ACCESS_TOKEN_DAYS
        self.fields["days"].choices = [
            (days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
            for days in sorted({min(30, longest), longest})]
        self.fields["days"].initial = longest
        self.fields["password"].help_text = _(
            "A token opens your data without the password, so making one takes it.")
