"""The profile: e-mail (re-confirmed), mobile phone, the way to the notification choices."""

import pytest
from django.urls import reverse

from tests.accounts.helpers import after_links_expire, links_in
from tests.conftest import PASSWORD
from vodokanal.models import AuditEntry


def test_the_profile_shows_contacts_choices_and_accounts(logged_in, owner):
    page = logged_in.get(reverse("accounts:profile")).content.decode()

    assert owner.email in page
    assert reverse("support:notice_settings") in page
    assert owner.personal_accounts.get().number in page
    assert reverse("accounts:password_change") in page


def test_a_new_email_counts_only_after_its_link(logged_in, post, owner, mailoutbox):
    old = owner.email

    response = post("accounts:email_change", {"email": "new.address@example.com",
                                              "password": PASSWORD})

    assert response["Location"] == reverse("accounts:profile")
    owner.refresh_from_db()
    assert owner.email == old
    [message] = mailoutbox
    assert message.to == ["new.address@example.com"]
    landing = logged_in.get(links_in(message)[0])
    confirm_page = logged_in.get(landing["Location"])
    assert "new.address@example.com" in confirm_page.content.decode()
    owner.refresh_from_db()
    assert owner.email == old  # opening the link (a mail scanner may) changes nothing

    logged_in.post(landing["Location"])

    owner.refresh_from_db()
    assert owner.email == "new.address@example.com"
    assert AuditEntry.objects.filter(action="accounts.email_changed", actor=owner).exists()


def test_the_email_link_works_once(logged_in, post, owner, mailoutbox):
    post("accounts:email_change", {"email": "new.address@example.com", "password": PASSWORD})
    link = links_in(mailoutbox[0])[0]
    logged_in.post(logged_in.get(link)["Location"])

    again = logged_in.post(logged_in.get(link)["Location"])

    assert again.status_code == 400


def test_the_email_link_expires(logged_in, post, owner, mailoutbox):
    post("accounts:email_change", {"email": "new.address@example.com", "password": PASSWORD})
    link = links_in(mailoutbox[0])[0]

    with after_links_expire():
        response = logged_in.get(logged_in.get(link)["Location"])

    assert response.status_code == 400


@pytest.mark.parametrize(("typed", "message"), [
    ("not-an-address", "Введите правильный адрес электронной почты"),
    ("SAME", "Это и есть ваш текущий адрес"),
])
def test_a_bad_email_gets_a_message(post, owner, mailoutbox, typed, message):
    typed = owner.email.upper() if typed == "SAME" else typed

    response = post("accounts:email_change", {"email": typed, "password": PASSWORD})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert mailoutbox == []


@pytest.mark.parametrize("typed", ["8 913 123-45-67", "+7 (913) 1234567", "89131234567"])
def test_a_russian_mobile_is_saved_in_international_form(post, owner, typed):
    post("accounts:phone_change", {"phone": typed})

    owner.refresh_from_db()
    assert str(owner.phone) == "+79131234567"


@pytest.mark.parametrize("typed", ["+7 383 290-72-90", "+1 202 555 0143", "12345", "телефон"])
def test_anything_but_a_russian_mobile_is_refused(post, owner, typed):
    response = post("accounts:phone_change", {"phone": typed})

    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    owner.refresh_from_db()
    assert not owner.phone


def test_the_profile_needs_a_login(client, db):
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
