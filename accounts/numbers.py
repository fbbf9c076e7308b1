"""Personal account numbers (номер лицевого счёта): canonical form NN-NNNNNNN.

People type what is on their receipt: `011234567`, `01 1234567`, `11–7785`.
A private-sector receipt may print only the part after the hyphen without its
leading zeros, so a short tail is left-padded (`11-7785` is `11-0007785`).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ACCOUNT_NUMBER_PATTERN = r"^[0-9]{2}-[0-9]{7}$"
PRIVATE_SECTOR_PREFIX = "11"

# Hyphen-minus and the dashes a phone keyboard or a word processor puts in its place.
_DASHES = re.compile("[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d_/.]")
_DIGITS = re.compile(r"[0-9]+")

INVALID_MESSAGE = _(
    "Enter the personal account number as on your receipt: two digits, a hyphen "
    "and seven digits, for example 01-1234567 (private sector: 11-0007785)."
)


class InvalidAccountNumber(ValidationError):
    def __init__(self) -> None:
        super().__init__(INVALID_MESSAGE, code="invalid_account_number")


def normalise_account_number(text: str) -> str:
    """Return the canonical `NN-NNNNNNN` form of what a person typed, or raise."""
    cleaned = _DASHES.sub("-", text.strip())
    head, separator, tail = _split(cleaned)
    if not (_is_digits(head, 2, 2) and _is_digits(tail, 1, 7)):
        raise InvalidAccountNumber
    if not separator and len(tail) != 7:
        raise InvalidAccountNumber
    return f"{head}-{tail.zfill(7)}"


def _split(text: str) -> tuple[str, bool, str]:
    """Split into the two-digit prefix and the rest; say whether a separator was typed."""
    if "-" in text:
        head, _hyphen, tail = text.partition("-")
        return _without_spaces(head), True, _without_spaces(tail.replace("-", ""))
    words = text.split()
    if len(words) > 1 and len(words[0]) == 2:
        return words[0], True, "".join(words[1:])
    digits = "".join(words)
    return digits[:2], False, digits[2:]


def _without_spaces(text: str) -> str:
    return "".join(text.split())


def _is_digits(text: str, shortest: int, longest: int) -> bool:
    return bool(_DIGITS.fullmatch(text)) and shortest <= len(text) <= longest
