"""What of a resident a question's text may carry, found and masked for staff before it
goes to the public FAQ: the author's and the account holder's names, the account's
address and number, any account number, phone or e-mail written in it."""

import re

from accounts.matching import name_words

MASK = "…"

# An account number however written (01-1234567, 011234567, 01 1234567, 11-7785), a phone
# (+7 913 123-45-67, 8 (383) 290-72-90, 290-72-90), an e-mail.
_ACCOUNT = re.compile(r"\b\d{2}[\s\-–—]?\d{4,7}\b")
_PHONE = re.compile(r"(?:\+7|\b8)?[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]?\d{2}[\s\-]?\d{2}\b"
                    r"|\b\d{3}-\d{2}-\d{2}\b")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_FLAT = re.compile(r"\b(кв\.?|квартира)\s*\d+\w?", re.IGNORECASE)
_HOUSE = re.compile(r"\b(д\.?|дом)\s*\d+\w?(?:/\d+)?", re.IGNORECASE)


def personal_data_masked(text: str, *, names: list[str], streets: list[str]) -> str:
    """`text` with `names` (words of the people concerned), `streets`, every account number,
    phone, e-mail, house and flat number replaced by «…»."""
    for pattern in (_EMAIL, _PHONE, _ACCOUNT, _FLAT, _HOUSE):
        text = pattern.sub(MASK, text)
    for word in sorted({w for name in names for w in name_words(name) if len(w) > 2},
                       key=len, reverse=True):
        text = re.sub(rf"\b{_loose(word)}\w*", MASK, text, flags=re.IGNORECASE)
    for street in streets:
        if len(street) > 3:
            text = re.sub(re.escape(street), MASK, text, flags=re.IGNORECASE)
    return text


def _loose(word: str) -> str:
    """A name as typed in any case and with е for ё, stem only (Ивановой, Ивановым)."""
    stem = word[:-1] if len(word) > 4 else word
    return "".join("[её]" if letter in "её" else re.escape(letter) for letter in stem)
