"""CSRF on every state-changing form, no open redirects, a new session key at login."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

# Every POST a browser makes to the portal (the bank's signed callback is the one exception).
STATE_CHANGING = [
    ("accounts:login", False), ("accounts:login_legal", False), ("accounts:register", False),
    ("accounts:recovery", False), ("accounts:logout", True), ("accounts:password_change", True),
    ("accounts:email_change", True), ("accounts:phone_change", True),
    ("support:notice_settings", True), ("accounts:account_link", True),
    ("accounts:account_switch", True), ("meters:meters", True), ("payments:pay", True),
    ("support:questions", True),
]


@pytest.mark.parametrize(("url_name", "logged_in"), STATE_CHANGING)
def test_a_post_without_the_csrf_token_is_refused(owner, url_name, logged_in):
    client = Client(enforce_csrf_checks=True)
    if logged_in:
        client.force_login(owner)

    response = client.post(reverse(url_name), {"anything": "1"})

    assert response.status_code == 403


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/",
                                    "/\\evil.example/"])
def test_login_never_sends_off_site(client, owner, target):
    number = owner.personal_accounts.get().number

    response = client.post(f"{reverse('accounts:login')}?next={target}",
                           {"account_number": number, "password": PASSWORD, "next": target})

    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_switching_accounts_never_sends_off_site(client, owner):
    client.force_login(owner)

    response = client.post(reverse("accounts:account_switch"), {
        "number": owner.personal_accounts.get().number, "next": "//evil.example/cabinet/"})

    assert response["Location"] == reverse("cabinet")


def test_logging_in_gives_a_new_session_key(client, owner):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key

    client.post(reverse("accounts:login"), {"account_number": owner.personal_accounts.get()
                                            .number, "password": PASSWORD})

    assert client.session.session_key != before
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("cabinet")).status_code == 302  # the server forgot the session
