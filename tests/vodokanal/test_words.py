"""Words that say what they mean: a balance dated as it is, e-mail not the post, a meter
taken for verification, one set of hours, the safety page as staff really work, password
faults in a resident's words and under the password, Django's texts with «ё»."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import polib
import pytest
import time_machine
from django.conf import settings
from django.urls import reverse

from billing.models import MonthlyBalance
from tests.conftest import PASSWORD

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "ru" / "LC_MESSAGES" / "django.po"


def _russian() -> list[str]:
    return [text for entry in polib.pofile(str(CATALOGUE)) if not entry.obsolete
            for text in [entry.msgstr, *entry.msgstr_plural.values()] if text]


def _balance(account, period: date) -> None:
    MonthlyBalance.objects.create(account=account, period=period, opening=Decimal(0),
                                  charged=Decimal("500"), recalculated=Decimal(0),
                                  paid=Decimal(0), closing=Decimal("500"))


@pytest.mark.usefixtures("sessions_outlast_travel")
def test_a_balance_of_this_month_is_today_s_not_the_month_s_end(logged_in, owner):
    account = owner.personal_accounts.get()
    _balance(account, date(2026, 12, 1))

    with time_machine.travel(date(2026, 12, 7), tick=False):
        page = logged_in.get(reverse("cabinet")).content.decode()
    with time_machine.travel(date(2027, 1, 10), tick=False):
        later = logged_in.get(reverse("cabinet")).content.decode()

    assert "На сегодня, 07.12.2026, с учётом уже поступивших платежей." in page
    assert "На конец декабря 2026" not in page
    assert "На конец декабря 2026." in later


def test_e_mail_is_never_called_the_post():
    said = [text for text in _russian() if "по почте" in text or text == "Почта"]

    assert said == []


def test_a_meter_is_taken_for_verification(db):
    assert not [text for text in _russian() if text.startswith("Поверьте")]
    assert any(text.startswith("Сдайте счётчик на поверку") for text in _russian())


def test_one_set_of_hours_everywhere(client, db):
    contacts = client.get(reverse("support:contacts")).content.decode()

    assert "с 12:00 до 13:00 принимаются только аварийные вызовы" in contacts
    assert "с 12:00 до 13:00 — только аварийные вызовы" in contacts  # the footer
    assert not [text for text in _russian() if "перерыв 12:00" in text or "перерыв с 12" in text]


def test_the_safety_page_says_staff_ask_for_the_account_number(client, db):
    page = client.get(reverse("support:safety")).content.decode()

    assert "спрашивают номер лицевого счёта, дату и сумму" in page
    assert "не спрашивают данные карты и номер вашего лицевого счёта" not in page


def test_a_password_fault_is_said_in_a_residents_words_under_the_password(logged_in, owner):
    number = owner.personal_accounts.get().number
    owner.username = f"account-{number}"  # as registration names a resident's login
    owner.save(update_fields=["username"])
    logged_in.force_login(owner)
    form = logged_in.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": f"account-{number}",
        "new_password2": f"account-{number}"}).context["form"]

    assert form.errors["new_password1"] == [
        "Пароль слишком похож на номер вашего лицевого счёта или код доступа. Придумайте "
        "другой."]
    assert "new_password2" not in form.errors
    assert "имя пользователя" not in str(form.errors)


def test_django_s_own_texts_have_yo(logged_in):
    form = logged_in.post(reverse("accounts:password_change"), {
        "old_password": "wrong-one", "new_password1": "Horse-Battery-Staple-9",
        "new_password2": "Horse-Battery-Staple-8"}).context["form"]

    assert form.errors["new_password2"] == ["Введённые пароли не совпадают."]
