"""Numbers as people in Russia type them: one parser, every number field of the portal."""

import re
from decimal import Decimal

import pytest
from django.contrib import admin
from django.db import models
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from vodokanal.decimals import DecimalInputField, NotANumber, parse_decimal

SPACES = ["", " ", "\u00a0", "\u202f"]  # none, plain, no-break, narrow no-break


@pytest.mark.parametrize(("typed", "value"), [
    ("100,50", "100.50"), ("100.50", "100.50"), ("1 234,56", "1234.56"),
    ("1 234.56", "1234.56"), ("170,2", "170.2"), ("1\u00a0234,56", "1234.56"),
    ("1\u202f234,56", "1234.56"), ("  42 ", "42"), ("0,5", "0.5"), (",5", "0.5"),
    ("1 000 000", "1000000"), ("-12,34", "-12.34"), ("\u221212,34", "-12.34"),
])
def test_what_people_type_is_read_as_they_mean_it(typed, value):
    assert parse_decimal(typed) == Decimal(value)


@pytest.mark.parametrize("typed", [
    "1,234.56", "1.234,56", "1.234.567", "1,2,3", "12 34", "1234 567", "1  234", "1e5",
    "NaN", "Infinity", "", " ", "abc", "100,", "100.", "١٢", "--1", "+1", "1 234,5 6", "5-",
    "0x10", "1_000",
])
def test_anything_that_could_mean_two_things_is_refused(typed):
    with pytest.raises(NotANumber):
        parse_decimal(typed)


@st.composite
def typed_amounts(draw):
    """An amount with kopecks, written as a resident might: either separator, grouped or not."""
    kopecks = draw(st.integers(min_value=0, max_value=10**10))
    whole, fraction = divmod(kopecks, 100)
    space = draw(st.sampled_from(SPACES))
    grouped = f"{whole:,}".replace(",", space)
    return Decimal(kopecks) / 100, f"{grouped}{draw(st.sampled_from(',.'))}{fraction:02d}"


@given(typed_amounts())
def test_every_way_of_writing_an_amount_reads_the_same(amount_and_text):
    amount, text = amount_and_text
    assert parse_decimal(text) == amount


@given(st.text(alphabet="0123456789 ,.-\u00a0\u2212e+", max_size=14))
def test_a_number_is_never_changed_silently(text):
    """Whatever it reads is exactly what was typed, only without the grouping spaces."""
    try:
        value = parse_decimal(text)
    except NotANumber:
        return
    plain = re.sub(r"[ \u00a0]", "", text).replace(",", ".").replace("\u2212", "-")
    assert value == Decimal(plain if plain.lstrip("-")[:1] != "." else plain.replace(".", "0.",
                                                                                     1))


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize(("typed", "value"), [("100,50", "100.50"), ("1 234.56", "1234.56"),
                                              ("170,2", "170.2")])
def test_the_field_reads_alike_in_both_languages(language, typed, value):
    field = DecimalInputField(max_digits=12, decimal_places=2)

    with translation.override(language):
        assert field.clean(typed) == Decimal(value)


@pytest.mark.parametrize(("language", "message"), [
    ("ru", "Введите число, например 1 234,56."), ("en", "Enter a number, for example 1 234,56.")])
def test_a_refused_number_is_a_message_on_the_field(language, message):
    field = DecimalInputField(max_digits=12, decimal_places=2)

    with translation.override(language), pytest.raises(Exception, match=message):
        field.clean("1,234.56")


def test_too_many_places_is_a_message_not_a_rounding():
    field = DecimalInputField(max_digits=12, decimal_places=2)

    refused = "не более 2 цифр после запятой"
    with translation.override("ru"), pytest.raises(Exception, match=refused):
        field.clean("1.234")


def test_the_box_is_a_text_input_with_the_decimal_keyboard():
    html = DecimalInputField(max_digits=12, decimal_places=2).widget.render("amount",
                                                                            Decimal("100.5"))

    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'type="number"' not in html


def _admin_forms():
    for model, model_admin in admin.site._registry.items():
        yield model, model_admin
        for inline_class in model_admin.inlines:
            yield inline_class.model, inline_class(model, admin.site)


def test_every_decimal_field_staff_edit_reads_numbers_as_typed(db):
    checked = 0
    for model, model_admin in _admin_forms():
        for field in model._meta.get_fields():
            if isinstance(field, models.DecimalField):
                form_field = model_admin.formfield_for_dbfield(field, request=None)
                assert isinstance(form_field, DecimalInputField), (model, field.name)
                checked += 1
    assert checked >= 10
