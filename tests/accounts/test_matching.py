"""The tolerant comparison of a typed name and address with the register."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.matching import address_matches, address_words, holder_matches
from accounts.models import Building, PersonalAccount

ON_FILE = PersonalAccount(
    number="01-1234570", last_name="Орлов", first_name="Виктор", middle_name="Степанович",
    flat="37", building=Building(address="г. Новосибирск, ул. Ленина, д. 12"),
)
NAME = {"last_name": "Орлов", "first_name": "Виктор", "middle_name": "Степанович"}


@pytest.mark.parametrize("typed", [
    "г. Новосибирск, ул. Ленина, д. 12, кв. 37",
    "ул. Ленина, д. 12, кв. 37",
    "улица Ленина, дом 12, квартира 37",
    "Ленина 12-37",
    "  УЛ.ЛЕНИНА,Д.12,КВ.37 ",
    "Новосибирск, Ленина ул, 12, 37",
])
def test_the_same_address_written_differently_matches(typed):
    assert address_matches(ON_FILE, address=typed)


@pytest.mark.parametrize("typed", [
    "ул. Ленина, д. 12, кв. 38",
    "ул. Ленина, д. 14, кв. 37",
    "ул. Гоголя, д. 12, кв. 37",
    "ул. Ленина, д. 12",
    "",
    "кв.",
])
def test_a_different_address_does_not_match(typed):
    assert not address_matches(ON_FILE, address=typed)


@pytest.mark.parametrize(("text", "words"), [
    ("пр-т Красный, д. 12а", ["красный", "12а"]),
    ("Красный проспект, 12 А", ["красный", "12а"]),
    ("ул. Ёлочная, 5/1", ["елочная", "5/1"]),
])
def test_address_words(text, words):
    assert address_words(text) == words


@pytest.mark.parametrize("name", [
    NAME,
    {"last_name": "ОРЛОВ", "first_name": " виктор ", "middle_name": "степанович"},
])
def test_the_same_name_in_any_case_matches(name):
    assert holder_matches(ON_FILE, **name)


def test_yo_and_ye_are_one_letter():
    account = PersonalAccount(last_name="Семёнова", first_name="Алёна", middle_name="")
    assert holder_matches(account, last_name="Семенова", first_name="АЛЕНА", middle_name="")


@pytest.mark.parametrize("name", [
    {**NAME, "last_name": "Орлова"},
    {**NAME, "first_name": "Виталий"},
    {**NAME, "middle_name": ""},
    {"last_name": "Виктор", "first_name": "Орлов", "middle_name": "Степанович"},
])
def test_a_different_name_does_not_match(name):
    assert not holder_matches(ON_FILE, **name)


def _scrambled(text: str, data) -> str:
    """The same text with random case, ё for е, and extra spaces around punctuation."""
    out = []
    for char in text:
        char = char.upper() if data.draw(st.booleans()) else char.lower()
        if char in "еЕ" and data.draw(st.booleans()):
            char = "ё" if char == "е" else "Ё"
        out.append(char + (" " * data.draw(st.integers(0, 2)) if char in ",. " else ""))
    return "".join(out)


@given(data=st.data())
def test_case_yo_and_spacing_never_matter(data):
    assert address_matches(ON_FILE, address=_scrambled("ул. Ленина, д. 12, кв. 37", data))
    assert holder_matches(ON_FILE, last_name=_scrambled("Орлов", data),
                          first_name=_scrambled("Виктор", data),
                          middle_name=_scrambled("Степанович", data))
