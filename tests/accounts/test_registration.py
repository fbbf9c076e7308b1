"""Registration of an individual: proof against the register, then a link to set a password."""

import re

import pytest
from django.urls import reverse

from accounts.models import PersonalAccount, User
from support.models import NotificationChoice
from tests.accounts.helpers import after_links_expire, links_in, logs_in
from tests.conftest import PASSWORD
from tests.factories import BuildingFactory, PersonalAccountFactory
from vodokanal.models import AuditEntry

NO_MATCH = "Данные не совпадают с реестром предприятия"


@pytest.fixture
def unregistered(db) -> PersonalAccount:
    building = BuildingFactory(address="г. Новосибирск, ул. Ленина, д. 12")
    return PersonalAccountFactory(number="01-1234570", building=building, flat="37",
                                  last_name="Орлов", first_name="Виктор",
                                  middle_name="Степанович")


def _details(**changes) -> dict:
    return {"account_number": "011234570", "address": "Ленина 12, кв 37",
            "last_name": "орлов", "first_name": "Виктор", "middle_name": "Степанович",
            "email": "orlov@example.com", **changes}


@pytest.fixture
def register(client, django_capture_on_commit_callbacks):
    def post(**changes):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("accounts:register"), _details(**changes))
    return post


def _set_password(client, link, password=PASSWORD):
    landing = client.get(link)
    assert landing.status_code == 302
    return client.post(landing["Location"], {"new_password1": password,
                                             "new_password2": password})


def test_matching_details_send_a_link_and_create_nothing_yet(register, unregistered,
                                                             mailoutbox):
    response = register()

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:registration_sent")
    assert [message.to for message in mailoutbox] == [["orlov@example.com"]]
    assert "01-1234570" in mailoutbox[0].subject
    unregistered.refresh_from_db()
    assert unregistered.user is None  # a mistyped e-mail must not take the account
    assert not User.objects.exists()


def test_the_mail_goes_only_after_the_commit(client, unregistered, mailoutbox,
                                             django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("accounts:register"), _details())

    assert mailoutbox == []
    assert len(callbacks) == 1


def test_the_link_sets_the_password_and_the_numberlogs_in(client, register, unregistered,
                                                          mailoutbox):
    register()
    [link] = links_in(mailoutbox[0])

    response = _set_password(client, link)

    assert response["Location"] == reverse("accounts:login")
    unregistered.refresh_from_db()
    user = unregistered.user
    assert (user.email, user.kind) == ("orlov@example.com", User.Kind.INDIVIDUAL)
    assert unregistered.registered_at is not None
    assert logs_in(client, "01-1234570")
    assert AuditEntry.objects.filter(action="accounts.registered", actor=user).exists()


def test_a_new_login_starts_with_the_essential_notices_by_email(client, register,
                                                                unregistered, mailoutbox):
    register()
    _set_password(client, links_in(mailoutbox[0])[0])

    choices = set(NotificationChoice.objects.values_list("kind", "channel"))
    assert choices == {("question_answered", "email"), ("payment_received", "email"),
                       ("reading_reminder", "email"), ("tariff_change", "email"),
                       ("outage", "email")}
    client.force_login(User.objects.get(email="orlov@example.com"))
    settings = client.get(reverse("support:notice_settings")).content.decode()
    assert ("После регистрации по e-mail включены ответы на вопросы, подтверждения оплаты, "
            "напоминания о показаниях, изменения тарифов и отключения воды по вашему адресу."
            ) in settings
    for kind in ("question_answered", "payment_received", "reading_reminder",
                 "tariff_change", "outage"):
        assert re.search(f'<input type="checkbox" name="{kind}__email"[^>]* checked>', settings)


def test_the_token_leaves_the_address_bar_at_once(client, register, unregistered, mailoutbox):
    register()
    [link] = links_in(mailoutbox[0])

    landing = client.get(link)

    assert landing["Location"] == reverse("accounts:registration_password")
    form = client.get(landing["Location"])
    assert form.status_code == 200
    token = link.split("token=")[1]
    assert token not in form.content.decode()


def test_the_link_works_once(client, register, unregistered, mailoutbox):
    register()
    [link] = links_in(mailoutbox[0])
    _set_password(client, link)
    client.logout()

    again = client.get(client.get(link)["Location"])

    assert again.status_code == 400
    assert "Ссылка не действует" in again.content.decode()


def test_the_link_expires_after_24_hours(client, register, unregistered, mailoutbox):
    register()
    [link] = links_in(mailoutbox[0])

    with after_links_expire():
        response = client.get(client.get(link)["Location"])

    assert response.status_code == 400
    assert unregistered.__class__.objects.get(pk=unregistered.pk).user is None


def test_a_tampered_link_does_not_work(client, register, unregistered, mailoutbox):
    register()
    [link] = links_in(mailoutbox[0])

    response = client.get(client.get(link.replace("token=", "token=x"))["Location"])

    assert response.status_code == 400


def test_two_links_for_one_account_register_it_once(client, register, unregistered,
                                                    mailoutbox):
    register()
    register(email="someone.else@example.com")
    first, second = (links_in(message)[0] for message in mailoutbox)
    _set_password(client, first)
    client.logout()

    response = _set_password(client, second)

    assert response.status_code == 400
    assert User.objects.get().email == "orlov@example.com"


def test_a_weak_password_is_refused_with_a_message(client, register, unregistered, mailoutbox):
    register()

    response = _set_password(client, links_in(mailoutbox[0])[0], password="12345678")

    assert response.status_code == 200
    assert "слишком" in response.content.decode().lower()
    assert not User.objects.exists()


@pytest.mark.parametrize("changes", [
    {"account_number": "01-7654321"},  # no such account
    {"last_name": "Орлова"},
    {"address": "Ленина 12, кв 38"},
    {"middle_name": ""},
])
def test_details_that_do_not_match_get_one_answer(register, unregistered, mailoutbox, changes):
    response = register(**changes)

    assert response.status_code == 200
    assert NO_MATCH in response.content.decode()
    assert mailoutbox == []


def test_an_account_already_registered_says_how_to_recover(register, unregistered, owner,
                                                           mailoutbox):
    unregistered.user = owner
    unregistered.save()

    response = register()

    page = response.content.decode()
    assert "уже зарегистрирован" in page
    assert reverse("accounts:recovery") in page
    assert mailoutbox == []


@pytest.mark.parametrize("typed", ["1-1234567", "01-12345678", "01 123 45 67 8", "01-12З4567",
                                   "лицевой счёт"])
def test_a_malformed_number_is_refused_with_the_expected_format(register, unregistered,
                                                                 mailoutbox, typed):
    response = register(account_number=typed)

    assert response.status_code == 200
    assert response.context["form"].errors["account_number"] == [
        "Введите номер лицевого счёта как в квитанции: две цифры, дефис и семь цифр, "
        "например 01-1234567 (частный сектор: 11-0007785)."]
    assert "две цифры, дефис и семь цифр" in response.content.decode()
    assert mailoutbox == []


def test_many_attempts_from_one_address_are_stopped(register, unregistered, mailoutbox,
                                                    settings):
    for _attempt in range(settings.FORM_LIMITS_PER_HOUR["client"]):
        register(last_name="Петров")

    response = register()

    assert response.status_code == 429
    assert "Слишком много попыток" in response.content.decode()
    assert mailoutbox == []


def test_the_registration_page_links_to_recovery_and_the_login(client, db):
    page = client.get(reverse("accounts:register")).content.decode()

    assert reverse("accounts:recovery") in page
    assert reverse("accounts:login") in page
