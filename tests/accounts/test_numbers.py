import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accounts.numbers import InvalidAccountNumber, normalise_account_number

CANONICAL = re.compile(r"^[0-9]{2}-[0-9]{7}$")
digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("01-1234567", "01-1234567"),
        ("011234567", "01-1234567"),
        ("01 1234567", "01-1234567"),
        ("  01-1234567  ", "01-1234567"),
        ("01 – 1234567", "01-1234567"),
        ("01—1234567", "01-1234567"),
        ("01-123 45 67", "01-1234567"),
        ("01-123-45-67", "01-1234567"),
        ("11-7785", "11-0007785"),
        ("11 7785", "11-0007785"),
        ("11-0007785", "11-0007785"),
        ("11/7785", "11-0007785"),
    ],
)
def test_what_people_type_becomes_canonical(typed, canonical):
    assert normalise_account_number(typed) == canonical


@pytest.mark.parametrize(
    "typed",
    ["", "   ", "7785", "1-1234567", "123-1234567", "01-12345678", "0112345678", "01123456",
     "ab-1234567", "01-", "-1234567", "01-12a4567", "٠١-١٢٣٤٥٦٧", "01 12 34 567 8"],
)
def test_bad_numbers_get_a_message_with_the_expected_format(typed):
    with pytest.raises(InvalidAccountNumber) as raised:
        normalise_account_number(typed)
    assert "01-1234567" in str(raised.value.messages[0])


@given(prefix=st.from_regex(r"[0-9]{2}", fullmatch=True),
       tail=st.from_regex(r"[0-9]{7}", fullmatch=True),
       separator=st.sampled_from(["-", " ", "", " - ", "\u2013", "\u2014", "\u2212"]),
       padding=st.sampled_from(["", " ", "  ", "\t"]))
def test_any_spelling_of_a_valid_number_normalises_to_it(prefix, tail, separator, padding):
    typed = f"{padding}{prefix}{separator}{tail}{padding}"

    assert normalise_account_number(typed) == f"{prefix}-{tail}"


@given(tail=st.from_regex(r"[0-9]{1,7}", fullmatch=True))
def test_short_tail_after_a_hyphen_is_left_padded(tail):
    assert normalise_account_number(f"11-{tail}") == f"11-{tail.zfill(7)}"


@given(st.text(max_size=40))
def test_anything_typed_is_either_canonical_or_refused(text):
    try:
        result = normalise_account_number(text)
    except InvalidAccountNumber:
        return
    assert CANONICAL.match(result)
    assert normalise_account_number(result) == result
