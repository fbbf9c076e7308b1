"""Small things a resident reads: volumes of a thousand and more grouped, a negative figure
with a minus sign, the English UI's months capitalised and «m³», a mobile example that is a
mobile, the FAQ's hint and the guest form's emergency line, admin's counts not «meters»."""

from datetime import date
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from billing.money import money_text, volume_text


def test_volumes_are_grouped_and_negatives_have_a_minus_sign():
    with translation.override("ru"):
        assert volume_text(Decimal("1531.8")) == "1\xa0531,800\xa0м³"
        assert volume_text(Decimal("1531.8"), trimmed=True) == "1\xa0531,8\xa0м³"
        assert money_text(Decimal("-396.51")) == "\u2212396,51\xa0₽"
    with translation.override("en"):
        assert volume_text(Decimal("12")) == "12.000\xa0m³"


@pytest.mark.parametrize(("language", "said"), [("ru", "за ноябрь 2026"),
                                                ("en", "for November 2026")])
def test_a_month_in_a_sentence(language, said):
    template = Template('{% load dates %}{{ word }} {{ day|date:"F Y"|in_sentence }}')
    with translation.override(language):
        text = template.render(Context({"day": date(2026, 11, 1),
                                        "word": "за" if language == "ru" else "for"}))

    assert text == said


def test_the_phones_example_is_a_mobile(logged_in):
    page = logged_in.post(reverse("accounts:phone_change"), {"phone": "12"}).content.decode()

    assert "Введите российский мобильный номер, например +7 913 123-45-67." in page
    assert "301" not in page  # the library's example, a landline


def test_the_faq_sends_a_guest_to_the_guest_form(client, db):
    page = client.get(reverse("support:faq"), {"q": "нигденет"}).content.decode()

    assert f'<a href="{reverse("support:ask")}">Задайте вопрос</a>: входить не нужно' in page


def test_the_guest_form_names_the_emergency_line(client, db):
    page = client.get(reverse("support:ask")).content.decode()

    assert "Не пишите — звоните в аварийно-диспетчерскую службу" in page
    assert 'href="tel:+73832907290"' in page


def test_admin_counts_do_not_read_as_meters(admin_client):
    page = admin_client.get(reverse("admin:meters_reading_changelist")).content.decode()

    assert "Показать количество" in page
    assert "Показать счётчики" not in page
