"""The client's address behind proxies: only what the trusted proxy added counts.

Lockouts and the forms' limits count attempts per client address; a client that could
choose its address would never be limited, and one counted as the proxy would limit
everybody behind it.
"""

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.production_env import ROOT
from vodokanal.throttle import client_address

PROXY = "10.0.0.2"  # the load balancer, as gunicorn sees it
CLIENT = "198.51.100.20"  # the address the load balancer saw and added
FORGED = "203.0.113.99"  # what the client wrote into X-Forwarded-For itself


def _address(forwarded: str | None, remote: str = PROXY) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


@pytest.mark.parametrize(("proxies", "forwarded", "expected"), [
    (1, CLIENT, CLIENT),
    (1, f"{FORGED}, {CLIENT}", CLIENT),  # a forged entry before the proxy's is ignored
    (1, f"{FORGED}, 192.0.2.1, {CLIENT}", CLIENT),
    (2, f"{FORGED}, {CLIENT}, 10.0.0.9", CLIENT),  # two proxies: the outer one's entry
    (1, None, PROXY),  # no header: the peer
    (0, f"{FORGED}, {CLIENT}", PROXY),  # nothing trusted in front: the header is ignored
    (0, FORGED, PROXY),
    (2, CLIENT, PROXY),  # fewer entries than proxies: not what our proxies send
])
def test_only_the_address_the_trusted_proxy_added_counts(settings, proxies, forwarded,
                                                         expected):
    settings.TRUSTED_PROXY_COUNT = proxies

    assert _address(forwarded) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(("proxies", "remote", "forwarded"), [
    (1, PROXY, lambda n: f"203.0.113.{n}, {CLIENT}"),  # forged entries before the proxy's
    (0, CLIENT, lambda n: f"203.0.113.{n}"),  # a header nobody trusted added
], ids=["behind a proxy", "no proxy"])
def test_forged_addresses_do_not_escape_the_lockout(client, owner, settings, proxies, remote,
                                                    forwarded):
    settings.TRUSTED_PROXY_COUNT = proxies
    number = owner.personal_accounts.get().number
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"account_number": number,
                                                "password": "Wrong-Password-1"},
                    REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded(attempt))

    response = client.post(reverse("accounts:login"), {"account_number": number,
                                                       "password": PASSWORD},
                           REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded(99))

    assert response.status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [0, 1])
def test_the_forms_limit_is_kept_per_real_client(client, settings, proxies):
    """The recovery form's hourly limit: forged entries do not reset it, and another real
    client behind the same proxy is not limited by it."""
    settings.TRUSTED_PROXY_COUNT = proxies
    forwarded = (lambda n: f"203.0.113.{n}, {CLIENT}") if proxies else (
        lambda n: f"203.0.113.{n}")
    remote = PROXY if proxies else CLIENT
    limit = settings.FORM_LIMITS_PER_HOUR["client"]
    answers = [client.post(reverse("accounts:recovery"), {"identifier": f"01-{n:07}"},
                           REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded(n)).status_code
               for n in range(limit + 1)]

    assert answers == [302] * limit + [429]
    if proxies:
        other = client.post(reverse("accounts:recovery"), {"identifier": "01-7654321"},
                            REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.50")
        assert other.status_code == 302


def test_docker_compose_says_how_many_proxies():
    compose = (ROOT / "docker-compose.yml").read_text()

    assert 'TRUSTED_PROXY_COUNT: "0"' in compose
    assert settings.TRUSTED_PROXY_COUNT == 0  # make run and the tests: no proxy
