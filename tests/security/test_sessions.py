"""A session without "remember me" ends after 30 minutes idle or 12 hours after the login,
and the answer that finds it ended clears what the device kept; a session's answers are
never stored by a cache; what the installable app may keep offline lives no longer than
its session; a login does not inherit the browser's orders paid without one; production's
cookies are __Host- ones."""

import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.sessions import OFFLINE_COPY_UNTIL_HEADER, SESSION_LOGIN_HEADER
from payments.models import PaymentOrder
from tests.conftest import PASSWORD
from tests.production_env import PRODUCTION_LIKE, ROOT


@pytest.fixture
def number(owner) -> str:
    return owner.personal_accounts.get().number


def _log_in(client, number: str, remember: bool = False):
    data = {"account_number": number, "password": PASSWORD}
    client.post(reverse("accounts:login"), {**data, "remember_me": "on"} if remember else data)


def _in(client) -> bool:
    return client.get(reverse("cabinet")).status_code == 200


def test_a_short_session_ends_after_30_minutes_idle(client, number):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _log_in(client, number)
        clock.shift(timedelta(minutes=29))
        assert _in(client)  # a request: the idle time starts again
        clock.shift(timedelta(minutes=29))
        assert _in(client)
        clock.shift(timedelta(minutes=31))
        ended = client.get(reverse("cabinet"))

    assert ended.status_code == 302
    assert ended["Location"].startswith(reverse("accounts:login"))
    assert ended["Clear-Site-Data"] == '"cache", "storage"'
    assert ended[SESSION_LOGIN_HEADER] == "none"


def test_a_short_session_ends_12_hours_after_the_login_however_busy(client, number):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _log_in(client, number)
        for _quarter in range(47):
            clock.shift(timedelta(minutes=15))
            assert _in(client)
        clock.shift(timedelta(minutes=16))
        assert not _in(client)


def test_remember_me_keeps_the_login_over_a_quiet_evening(client, number):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        _log_in(client, number, remember=True)
        clock.shift(timedelta(hours=20))
        assert _in(client)


def test_what_the_app_may_keep_offline_lives_no_longer_than_the_session(client, number):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _log_in(client, number)
        tab = client.get(reverse("cabinet"))

    until = int(tab[OFFLINE_COPY_UNTIL_HEADER]) / 1000
    assert until == pytest.approx((start + timedelta(minutes=30)).timestamp(), abs=2)
    assert tab[SESSION_LOGIN_HEADER] not in ("", "none")


def test_remembered_the_copy_lives_12_hours_at_most(client, number, settings):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _log_in(client, number, remember=True)
        tab = client.get(reverse("cabinet"))

    until = int(tab[OFFLINE_COPY_UNTIL_HEADER]) / 1000
    hours = settings.OFFLINE_COPY_HOURS
    assert until == pytest.approx((start + timedelta(hours=hours)).timestamp(), abs=2)


def test_a_page_without_a_login_says_so_to_the_app(client, db):
    response = client.get("/")

    assert response[SESSION_LOGIN_HEADER] == "none"
    assert OFFLINE_COPY_UNTIL_HEADER not in response


@pytest.mark.parametrize("url_name", ["cabinet", "billing:charges", "meters:meters",
                                      "accounts:profile", "support:notices"])
def test_a_logins_pages_are_never_stored(logged_in, url_name):
    response = logged_in.get(reverse(url_name))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_paying_without_a_login_is_never_stored_either(bank, client, owner):
    number = owner.personal_accounts.get().number
    find = client.post(reverse("payments:guest_pay"), {"number": number, "step": "find"})
    client.post(reverse("payments:guest_pay"), {"number": number, "amount": "100",
                                                "email": "n@example.com", "method": "sbp"})
    sbp = client.get(reverse("payments:sbp", args=[PaymentOrder.objects.get().order_id]))

    for answer in (find, sbp):
        assert answer.status_code == 200
        assert "no-store" in answer["Cache-Control"]


def test_a_login_does_not_inherit_the_browsers_orders_paid_without_one(bank, client, owner,
                                                                        neighbour):
    number = owner.personal_accounts.get().number
    client.post(reverse("payments:guest_pay"), {"number": number, "amount": "100",
                                                "email": "stranger@example.com",
                                                "method": "sbp"})
    order = PaymentOrder.objects.get()
    assert client.get(reverse("payments:sbp", args=[order.order_id])).status_code == 200

    _log_in(client, neighbour.personal_accounts.get().number)

    assert client.get(reverse("payments:sbp", args=[order.order_id])).status_code == 404


def test_production_cookies_are_host_only_and_secure():
    script = ("import django, json; django.setup(); from django.conf import settings as s; "
              "print(json.dumps([s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, "
              "s.LANGUAGE_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
              "s.LANGUAGE_COOKIE_SECURE, s.SESSION_COOKIE_DOMAIN, s.CSRF_COOKIE_DOMAIN]))")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                            text=True, timeout=60,
                            env={**os.environ, **PRODUCTION_LIKE})

    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    names, secure, domains = found[:3], found[3:6], found[6:]
    assert all(name.startswith("__Host-") for name in names)
    assert all(secure)
    assert domains == [None, None]
