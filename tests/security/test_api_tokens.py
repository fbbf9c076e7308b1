"""An API token opens a login's data without its password, so it is made only with the
password, the owner is mailed of it, a login has a few, each expires, every one ends when
the password changes; one login's token is nothing to another."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessToken
from accounts.services import access_token_issue
from tests.conftest import PASSWORD

NEW_PASSWORD = "Another-Horse-Battery-8"


def _make(client, password: str = PASSWORD, **fields):
    return client.post(reverse("accounts:access_tokens"), {
        "name": "Waterius", "scopes": ["read"], "days": str(settings.ACCESS_TOKEN_DAYS),
        "password": password, **fields})


def _api_status(plain: str) -> int:
    return Client().get(reverse("api:accounts"), HTTP_AUTHORIZATION=f"Bearer {plain}").status_code


def test_a_token_is_made_only_with_the_current_password(logged_in):
    page = _make(logged_in, password="not-my-password").content.decode()

    assert "Пароль указан неверно." in page
    assert not AccessToken.objects.exists()


def test_the_owner_is_mailed_of_each_new_token(post, owner, mailoutbox):
    post("accounts:access_tokens", {"name": "Home Assistant", "scopes": ["read", "readings"],
                                    "days": "90", "password": PASSWORD})

    [letter] = mailoutbox
    assert letter.to == [owner.email]
    assert letter.subject == "Для вашего входа выпущен новый токен API"
    assert "«Home Assistant»" in letter.body
    assert "Передавать показания счётчиков" in letter.body
    assert reverse("accounts:access_tokens") in letter.body
    assert AccessToken.objects.get().prefix not in letter.body  # nothing of the token itself


def test_a_login_has_a_few_live_tokens_at_most(logged_in, owner):
    for _n in range(settings.ACCESS_TOKENS_PER_LOGIN):
        _make(logged_in)

    page = _make(logged_in).content.decode()

    assert f"У вас уже {settings.ACCESS_TOKENS_PER_LOGIN} действующих токенов" in page
    assert AccessToken.objects.count() == settings.ACCESS_TOKENS_PER_LOGIN
    AccessToken.objects.filter(pk=AccessToken.objects.first().pk).update(
        revoked_at=timezone.now())
    assert "class=\"token\"" in _make(logged_in).content.decode()  # room again


def test_a_token_expires_after_the_setting_and_the_page_says_when(logged_in, settings):
    assert settings.ACCESS_TOKEN_DAYS == 90
    page = logged_in.get(reverse("accounts:access_tokens")).content.decode()
    assert '<option value="90" selected>90 дней</option>' in page
    assert 'value="365"' not in page
    assert "Токен действует не дольше 90 дней" in page

    _make(logged_in, days="365")  # not a choice: refused
    _make(logged_in)

    token = AccessToken.objects.get()
    assert token.expires_at - token.created_at == pytest.approx(timedelta(days=90),
                                                                abs=timedelta(seconds=5))
    assert f"до {timezone.localtime(token.expires_at):%d.%m.%Y}" in logged_in.get(
        reverse("accounts:access_tokens")).content.decode()


def test_a_service_caller_cannot_ask_for_longer_either(owner):
    issued = access_token_issue(user=owner, name="x", scopes=["read"], days=3650)

    assert issued.token.expires_at - issued.token.created_at <= timedelta(days=90, seconds=1)


def test_every_token_ends_when_the_password_changes(logged_in, owner):
    plains = [access_token_issue(user=owner, name=f"t{n}", scopes=["read"], days=30).plain
              for n in range(2)]
    assert [_api_status(plain) for plain in plains] == [200, 200]

    logged_in.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    assert [_api_status(plain) for plain in plains] == [401, 401]
    assert not AccessToken.objects.live().exists()


def test_a_recovered_password_ends_them_too(owner):
    plain = access_token_issue(user=owner, name="t", scopes=["read"], days=30).plain

    owner.set_password(NEW_PASSWORD)  # as recovery and staff's admin form both do
    owner.save()

    assert _api_status(plain) == 401


def test_the_profile_lists_each_tokens_last_use(logged_in, owner):
    plain = access_token_issue(user=owner, name="Waterius", scopes=["read"], days=30).plain
    access_token_issue(user=owner, name="Spare", scopes=["read"], days=30)
    _api_status(plain)

    page = logged_in.get(reverse("accounts:access_tokens")).content.decode()

    used = timezone.localtime(AccessToken.objects.get(name="Waterius").last_used_at)
    assert f"использован {used:%d.%m.%Y %H:%M}" in page
    assert "ещё не использовался" in page


def test_revoking_another_logins_token_is_not_found(logged_in, neighbour):
    theirs = access_token_issue(user=neighbour, name="theirs", scopes=["read"], days=30)

    response = logged_in.post(reverse("accounts:access_token_revoke", args=[theirs.token.pk]))

    assert response.status_code == 404
    assert AccessToken.objects.get().revoked_at is None
