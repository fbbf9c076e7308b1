from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.numbers import normalise_account_number
from vodokanal.uploads import upload_validate

from .models import CHOSEN_CHANNELS, EMAIL_ONLY_NOTICES, NOTICES_FOR, Channel, NoticeKind, Question
from .push import endpoint_refusal, push_enabled

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


class QuestionForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Question.Topic.choices)
    text = forms.CharField(label=_("Your question"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(label=_("Attachment"), required=False,
                                 help_text=_("PDF, JPEG or PNG, up to 5 MB: a photo of a meter "
                                             "or a receipt, say."))

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            upload_validate(upload, kinds=("pdf", "jpeg", "png"), max_bytes=ATTACHMENT_MAX_BYTES)
        return upload


class GuestQuestionForm(forms.Form):
    """A visitor without a login: who to answer, and the question (no attachment)."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), help_text=_("The answer is sent here."))
    account_number = forms.CharField(
        label=_("Personal account number"), required=False,
        help_text=_("If the question is about an account: as on the receipt, 01-1234567."))
    topic = forms.ChoiceField(label=_("Topic"), choices=Question.Topic.choices)
    text = forms.CharField(label=_("Your question"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 6}))

    def clean_account_number(self) -> str:
        typed = self.cleaned_data["account_number"]
        return normalise_account_number(typed) if typed.strip() else ""


class OfficeSearchForm(forms.Form):
    """From where to measure: an address typed, or the browser's position (sent by the
    page's script, only after a click)."""

    address = forms.CharField(label=_("Your address"), required=False, max_length=200)
    lat = forms.FloatField(required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(required=False, min_value=-180, max_value=180)


class PushSubscriptionForm(forms.Form):
    """What a browser's PushManager.subscribe() gives: where its push service takes
    messages, and the keys to encrypt them with (base64url)."""

    endpoint = forms.URLField(max_length=1000, assume_scheme="https")
    p256dh = forms.RegexField(regex=r"^[A-Za-z0-9_-]{80,100}={0,2}$")
    auth = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,30}={0,2}$")

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        if endpoint_refusal(endpoint):
            raise ValidationError(_("This browser's push service is not one the portal "
                                    "sends to."), code="unknown_push_service")
        return endpoint


class FaqSearchForm(forms.Form):
    """Only for its cleaning: a NUL byte or an overlong query is simply not searched for."""

    q = forms.CharField(required=False, max_length=100)


class NotificationChoicesForm(forms.Form):
    """A checkbox for each kind of notice and channel (a receipt goes by e-mail only)."""

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        for kind, channel in self.pairs():
            self.fields[f"{kind}__{channel}"] = forms.BooleanField(
                label=f"{NoticeKind(kind).label}: {Channel(channel).label}", required=False)

    @staticmethod
    def channels() -> list[str]:
        """Push only when the server has its keys (support.push)."""
        return [channel for channel in CHOSEN_CHANNELS
                if channel != Channel.PUSH or push_enabled()]

    @property
    def push_offered(self) -> bool:
        return Channel.PUSH in self.channels()

    def pairs(self) -> list[tuple[str, str]]:
        return [(kind, channel) for kind in NOTICES_FOR[self.user.kind]
                for channel in self.channels()
                if channel == Channel.EMAIL or kind not in EMAIL_ONLY_NOTICES]

    def rows(self) -> list[tuple[str, list]]:
        """For the template: a row per kind of notice, a bound field per channel (or None)."""
        return [(NoticeKind(kind).label,
                 [self[f"{kind}__{channel}"] if f"{kind}__{channel}" in self.fields else None
                  for channel in self.channels()])
                for kind in NOTICES_FOR[self.user.kind]]

    def clean(self):
        cleaned = super().clean()
        if not self.user.phone and any(self.choices(cleaned, channel=Channel.SMS)):
            raise ValidationError(_("Add a mobile phone in the profile to receive SMS."),
                                  code="sms_without_phone")
        return cleaned

    def choices(self, cleaned: dict | None = None, channel: str | None = None) -> set:
        cleaned = self.cleaned_data if cleaned is None else cleaned
        return {(kind, ch) for kind, ch in self.pairs()
                if cleaned.get(f"{kind}__{ch}") and channel in (None, ch)}
