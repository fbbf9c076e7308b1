import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from vodokanal.uploads import upload_validate

from .periods import add_months

MAX_STATEMENT_MONTHS = 60
_MONTH = re.compile(r"^\s*(?:(\d{4})-(\d{1,2})|(\d{1,2})[./](\d{4}))\s*$")


class MonthField(forms.CharField):
    """A billing period, chosen from the account's months as the page's language names them
    («Ноябрь 2026»): <input type=month> spoke the browser's language, not the page's, and is
    a plain text box in some browsers. Sent as 2026-11; 11.2026 is read too (old links)."""

    widget = forms.Select
    default_error_messages = {"invalid": _("Enter a month as 2026-11 or 11.2026.")}

    def offer(self, periods: tuple[date, date] | None) -> None:
        """List the months from `periods` (first, last), newest first."""
        months = []
        if periods:
            period = periods[1]
            while period >= periods[0]:
                months.append((f"{period:%Y-%m}", capfirst(date_format(period, "F Y"))))
                period = add_months(period, -1)
        self.widget.choices = months

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

    def __init__(self, *args, periods: tuple[date, date] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first"].offer(periods)
        self.fields["last"].offer(periods)
        if periods:  # the last year by default
            first = max(periods[0], add_months(periods[1], -11))
            self.initial.setdefault("first", f"{first:%Y-%m}")
            self.initial.setdefault("last", f"{periods[1]:%Y-%m}")

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
    period = MonthField(label=_("Month"), required=False)

    def __init__(self, *args, periods: tuple[date, date] | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].offer(periods)  # the debt's receipt has a button of its own


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
