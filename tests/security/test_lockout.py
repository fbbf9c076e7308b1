"""Lockout by login and client IP (django-axes), lifted by itself after the cool-off."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import ManagementCompanyUserFactory

LOCKED = "Слишком много попыток"
NEIGHBOUR_IP = "203.0.113.7"
OWNER_IP = "198.51.100.20"


def _login(client, number: str, password: str, ip: str = NEIGHBOUR_IP):
    return client.post(reverse("accounts:login"),
                       {"account_number": number, "password": password}, REMOTE_ADDR=ip)


def _fail_until_locked(client, number: str, ip: str = NEIGHBOUR_IP) -> None:
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, number, "Wrong-Password-1", ip)


@pytest.fixture
def number(owner) -> str:
    return owner.personal_accounts.get().number


@pytest.mark.django_db
def test_after_the_limit_even_the_right_password_is_refused(client, number):
    _fail_until_locked(client, number)

    response = _login(client, number, PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "15 минут" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_same_login_typed_another_way_counts_together(client, number):
    spellings = [number, number.replace("-", ""), number.replace("-", " ")]
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, spellings[attempt % 3], "Wrong-Password-1")

    assert _login(client, number, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_neighbour_cannot_lock_the_owner_out_from_elsewhere(client, number):
    _fail_until_locked(client, number, ip=NEIGHBOUR_IP)

    response = _login(client, number, PASSWORD, ip=OWNER_IP)

    assert response.status_code == 302


@pytest.mark.django_db
def test_the_lock_lifts_after_the_cool_off(client, number):
    _fail_until_locked(client, number)

    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    with time_machine.travel(later):
        response = _login(client, number, PASSWORD)

    assert response.status_code == 302


@pytest.mark.django_db
def test_an_unknown_login_is_locked_the_same_way(client):
    _fail_until_locked(client, "55-5555555")

    response = _login(client, "55-5555555", PASSWORD)

    assert response.status_code == 429
    assert LOCKED in response.content.decode()


@pytest.mark.django_db
def test_organisation_logins_are_locked_too(client):
    ManagementCompanyUserFactory(organisation__access_code="UK-300001", password=PASSWORD)
    url = reverse("accounts:login_management")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"access_code": "uk-300001", "password": "Wrong-1"},
                    REMOTE_ADDR=NEIGHBOUR_IP)

    response = client.post(url, {"access_code": "UK-300001", "password": PASSWORD},
                           REMOTE_ADDR=NEIGHBOUR_IP)

    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_a_proxy_the_forwarded_client_address_counts(client, number, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"),
                    {"account_number": number, "password": "Wrong-Password-1"},
                    REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=NEIGHBOUR_IP)

    response = client.post(reverse("accounts:login"),
                           {"account_number": number, "password": PASSWORD},
                           REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=OWNER_IP)

    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["same", "short"], ids=["as on file", "typed short"])
def test_a_successful_login_clears_the_failures_before_it(client, owner, typed):
    """3 wrong, right, 2 wrong, right: the failures before a success do not count on."""
    number = owner.personal_accounts.get().number
    login = number if typed == "same" else f"{number[:2]} {int(number[3:])}"  # 01 1234567
    for wrong in (3, 2):
        for _attempt in range(wrong):
            _login(client, login, "Wrong-Password-1")
        response = _login(client, login, PASSWORD)
        assert response.status_code == 302
        client.logout()
    assert settings.AXES_FAILURE_LIMIT == 5


@pytest.mark.django_db
def test_an_organisation_login_clears_its_failures_too(client):
    company = ManagementCompanyUserFactory(password=PASSWORD)
    code = company.organisation.access_code
    for wrong in (3, 2):
        for _attempt in range(wrong):
            client.post(reverse("accounts:login_management"),
                        {"access_code": code, "password": "Wrong-Password-1"})
        response = client.post(reverse("accounts:login_management"),
                               {"access_code": code.lower(), "password": PASSWORD})
        assert response.status_code == 302
        client.logout()


@pytest.mark.django_db
def test_trying_during_the_lock_does_not_make_it_longer(client, number):
    """The page says when the lock lifts; tries meanwhile are refused, not counted."""
    _fail_until_locked(client, number)
    start = timezone.now()

    with time_machine.travel(start + settings.AXES_COOLOFF_TIME - timedelta(minutes=1)):
        assert _login(client, number, "Wrong-Password-1").status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)):
        response = _login(client, number, PASSWORD)

    assert response.status_code == 302
