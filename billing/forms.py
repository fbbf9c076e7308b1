import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from vodokanal.uploads import upload_validate

MAX_STATEMENT_MONTHS = 60
_MONTH = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})|(\d{1,2})[./](\d{4}))\s*$")


class MonthField(forms.CharField):
    """A billing period typed as 2026-11 (what <input type=month> sends) or 11.2026."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "2026-11"})
    default_error_messages = {"invalid": _("Enter a month as 2026-11 or 11.2026.")}

    def to_python(self, value) -> date | None:
        text = super().to_python(value)
        if not text:
            return None
        match = _MONTH.match(text)
        if not match:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        year, month = (match[1], match[2]) if match[1] else (match[4], match[3])
        if not (1 <= int(month) <= 12 and 2000 <= int(year) <= 2100):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return date(int(year), int(month), 1)


class StatementForm(forms.Form):
    first = MonthField(label=_("First month"))
    last = MonthField(label=_("Last month"))
    output = forms.ChoiceField(label=_("Format"), choices=[("pdf", "PDF"), ("csv", "CSV")],
                               initial="pdf", widget=forms.RadioSelect)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last:
            if first > last:
                raise ValidationError(_("The first month comes after the last."))
            span = (last.year - first.year) * 12 + last.month - first.month + 1
            if span > MAX_STATEMENT_MONTHS:
                raise ValidationError(_("A statement covers at most %(months)d months.")
                                      % {"months": MAX_STATEMENT_MONTHS})
        return cleaned


class ReceiptForm(forms.Form):
    period = MonthField(label=_("Month"), required=False,
                        help_text=_("Leave empty for a receipt for the whole debt now."))


REPLY_MAX_BYTES = 10 * 1024 * 1024


class DocumentReplyForm(forms.Form):
    kind = forms.ChoiceField(label=_("What it is"), widget=forms.RadioSelect, choices=[
        ("signed", _("The signed document")), ("letter", _("A letter"))], initial="signed")
    file = forms.FileField(label=_("File"), help_text=_("PDF, JPEG or PNG, up to 10 MB."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        upload_validate(upload, kinds=("pdf", "jpeg", "png"), max_bytes=REPLY_MAX_BYTES)
        return upload


class DocumentRejectForm(forms.Form):
    reason = forms.CharField(label=_("Why the document is rejected"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 3}))
