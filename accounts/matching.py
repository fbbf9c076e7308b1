"""Does what a person typed match the register? Used as the proof of an account.

The comparison forgives what people vary without meaning anything: case,
ё/е, spaces and punctuation, the city at the front, and the markers in full,
abbreviated or left out ("улица Ленина, дом 12, квартира 37", "ул. Ленина,
д. 12, кв. 37" and "Ленина 12-37" are one address). It does not forgive a
different word or number.
"""

import re

from django.conf import settings
from django.utils.translation import pgettext

from .models import PersonalAccount

_WORD = re.compile(r"[0-9]+(?:/[0-9]+)?[а-яa-z]?|[а-яa-z]+(?:-[а-яa-z]+)*")

# Words that only say what kind of thing the next word is. People write them
# in full, abbreviated or not at all, so they are left out of the comparison;
# the account number has already said which address is meant.
_MARKERS = frozenset({
    "г", "город", "р-н", "район",
    "улица", "ул", "проспект", "просп", "пр", "пр-т", "пркт", "переулок", "пер",
    "площадь", "пл", "шоссе", "ш", "бульвар", "бул", "б-р", "проезд", "пр-д",
    "микрорайон", "мкр", "мкрн", "набережная", "наб", "тупик", "туп",
    "дом", "д", "корпус", "корп", "к", "строение", "стр", "квартира", "кв",
})


def _fold(text: str) -> str:
    return text.lower().replace("ё", "е")


def name_words(text: str) -> list[str]:
    """Words of a name, folded: "Ёлкина  анна-мария" → ["елкина", "анна", "мария"]."""
    return re.findall(r"[а-яa-z]+", _fold(text))


def address_words(text: str) -> list[str]:
    """"г. Новосибирск, ул. Ленина, д. 12, кв. 37" → ["ленина", "12", "37"]."""
    city = _fold(settings.UTILITY["CITY"])
    words = [w for w in _WORD.findall(_fold(text)) if w not in _MARKERS and w != city]
    return _glue_letter_suffixes(words)


def _glue_letter_suffixes(words: list[str]) -> list[str]:
    """"12 а" and "12а" are one house number."""
    glued: list[str] = []
    for word in words:
        if len(word) == 1 and word.isalpha() and glued and glued[-1].isdigit():
            glued[-1] += word
        else:
            glued.append(word)
    return glued


def holder_matches(account: PersonalAccount, *, last_name: str, first_name: str,
                   middle_name: str) -> bool:
    on_file = [account.last_name, account.first_name, account.middle_name]
    typed = [last_name, first_name, middle_name]
    return all(name_words(a) == name_words(b) for a, b in zip(on_file, typed, strict=True))


def address_matches(account: PersonalAccount, *, address: str) -> bool:
    typed = address_words(address)
    on_file = address_words(account.building.address) + address_words(account.flat)
    return bool(typed) and typed == on_file


def surname_matches(account: PersonalAccount, surname: str) -> bool:
    """The holder's surname as a payer without a login typed it (case, ё/е forgiven)."""
    return bool(surname.strip()) and name_words(surname) == name_words(account.last_name)


def address_masked(account: PersonalAccount) -> str:
    """"ул. Ленина, д. 12, кв. 3*": enough for a payer to see it is the flat they mean, too
    little to learn whose it is or which flat exactly (no city, no name, the flat's last
    character hidden). A private house, which is its owner's home as a flat is, keeps its
    street and hides its number's last character the same way: "ул. Садовая, д. 1*"."""
    city = _fold(settings.UTILITY["CITY"])
    parts = [part for part in account.building.address.split(", ") if city not in _fold(part)]
    if account.flat:
        return ", ".join([*parts, f"{pgettext('address', 'apt.')} {account.flat[:-1]}*"])
    if parts:
        parts[-1] = f"{parts[-1][:-1]}*"
    return ", ".join(parts)
