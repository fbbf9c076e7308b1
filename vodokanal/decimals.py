"""Numbers as people in Russia type them: the one parser behind every money and volume field.

"100,50", "100.50", "1 234,56", "1 234.56" and "170,2" are read alike whatever the page's
language. Anything that could mean two things ("1,234.56", "1.234", "12 34") is refused
with a message on the field rather than guessed: a slipped separator must never change
the amount silently. The fields are text inputs with `inputmode="decimal"`, not
`type=number`, whose comma handling differs between browsers.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# Spaces people and programs put between thousands: plain, no-break, narrow no-break, thin.
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
_MINUS = {"-", "\u2212", "\u2013"}  # hyphen-minus, minus sign, en dash (phones autocorrect)
_NUMBER = re.compile(
    rf"(?P<whole>[0-9]{{1,3}}(?:{_GROUP_SPACE}[0-9]{{3}})+|[0-9]+)?"
    r"(?:[.,](?P<fraction>[0-9]+))?"
)


class NotANumber(ValueError):
    """The text is not one number in a form the portal reads without guessing."""


def parse_decimal(text: str) -> Decimal:
    """Read a typed number; NotANumber when it is not one (or could be read two ways)."""
    text = text.strip()
    negative = text[:1] in _MINUS
    if negative:
        text = text[1:].lstrip()
    match = _NUMBER.fullmatch(text)
    if match is None or not (match["whole"] or match["fraction"]):
        raise NotANumber(text)
    whole = re.sub(_GROUP_SPACE, "", match["whole"] or "0")
    value = Decimal(f"{whole}.{match['fraction'] or '0'}")
    return -value if negative else value


class DecimalInput(forms.TextInput):
    """A text box that brings up the phone's number keyboard with its decimal separator."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):  # an initial value: shown as this language writes it
            return number_format(value, use_l10n=True)
        return super().format_value(value)


class DecimalInputField(forms.DecimalField):
    """A DecimalField that reads what people type (see parse_decimal), in any language."""

    widget = DecimalInput
    default_error_messages = {
        "invalid": _("Enter a number, for example 1 234,56."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(str(value))
        except NotANumber:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
