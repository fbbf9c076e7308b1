"""The current password, typed again in an open session, is guarded like a login: a wrong
one counts as a failed login, and after the lockout's limit none is checked. A changed
password or e-mail is told to the owner (at the old address too), and no link we mail
shows an e-mail address to whoever sees it."""

import base64

import pytest
from django.conf import settings
from django.urls import reverse

from accounts import tokens
from accounts.models import AccessToken
from tests.conftest import PASSWORD

NEW_PASSWORD = "Another-Horse-Battery-8"

FORMS = {
    "email": ("accounts:email_change", lambda password: {
        "email": "new@example.com", "password": password}),
    "password": ("accounts:password_change", lambda password: {
        "old_password": password, "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD}),
    "token": ("accounts:access_tokens", lambda password: {
        "name": "x", "scopes": ["read"], "days": "90", "password": password}),
}


@pytest.mark.parametrize("form", FORMS)
def test_guessing_the_current_password_in_a_session_meets_the_lockout(logged_in, owner, form,
                                                                      client):
    url_name, data = FORMS[form]
    for _guess in range(settings.AXES_FAILURE_LIMIT):
        logged_in.post(reverse(url_name), data("guess-wrong"))

    right = logged_in.post(reverse(url_name), data(PASSWORD))

    assert right.status_code == 429  # locked, as the login form would be
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert owner.email != "new@example.com"
    assert not AccessToken.objects.exists()
    logged_in.logout()
    login = logged_in.post(reverse("accounts:login"), {
        "account_number": owner.personal_accounts.get().number, "password": PASSWORD})
    assert login.status_code == 429  # the same login, from the same address


def test_a_wrong_current_password_is_said_on_the_form(logged_in):
    page = logged_in.post(reverse("accounts:email_change"),
                          FORMS["email"][1]("guess-wrong")).content.decode()

    assert "Пароль указан неверно." in page


def test_a_changed_password_is_told_to_the_owner(post, owner, mailoutbox):
    owner.last_login = owner.date_joined
    owner.save(update_fields=["last_login"])

    post("accounts:password_change", FORMS["password"][1](PASSWORD))

    [letter] = mailoutbox
    assert letter.to == [owner.email]
    assert letter.subject == "Пароль вашего входа изменён"
    assert "Если это были не вы" in letter.body
    assert f"{settings.SITE_URL}{reverse('accounts:recovery')}" in letter.body


def test_a_changed_email_is_told_at_the_old_address(logged_in, owner, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    old = owner.email
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(reverse("accounts:email_change"), FORMS["email"][1](PASSWORD))
    [confirmation] = mailoutbox
    link = next(word for word in confirmation.body.split() if "/profile/email/confirm/" in word)

    with django_capture_on_commit_callbacks(execute=True):
        logged_in.get(link.removeprefix(settings.SITE_URL))
        logged_in.post(reverse("accounts:email_confirm"))

    owner.refresh_from_db()
    assert owner.email == "new@example.com"
    notice = mailoutbox[-1]
    assert notice.to == [old]
    assert notice.subject == "Адрес электронной почты вашего входа изменён"
    assert "n**@example.com" in notice.body
    assert "new@example.com" not in notice.body


@pytest.mark.parametrize("kind", ["registration", "email_change"])
def test_no_link_we_mail_shows_an_email_address(owner, kind):
    account = owner.personal_accounts.get()
    token = (tokens.registration_token(account=account, email="someone@example.com")
             if kind == "registration"
             else tokens.email_change_token(user=owner, new_email="someone@example.com"))

    readable = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))

    assert b"someone" not in readable
    assert owner.email.split("@")[0].encode() not in readable
    assert "someone" not in token
