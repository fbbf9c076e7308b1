from django import forms
from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import User
from .numbers import normalise_account_number


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
