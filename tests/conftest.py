"""Shared fixtures. Tests talk to a real PostgreSQL and a real Redis."""

import psycopg
import pytest
import redis
from django.conf import settings
from django.urls import reverse

from tests.factories import PersonalAccountFactory, UserFactory
from tests.push_service import push_service  # noqa: F401 - a fixture for every test

PASSWORD = "Correct-Horse-Battery-7"


def pytest_sessionstart(session):
    """Stop at once, saying how to fix it, when PostgreSQL or Redis is not there."""
    problems = [problem for problem in (_postgres_problem(), _redis_problem()) if problem]
    if problems:
        pytest.exit("\n".join(["The test suite needs PostgreSQL and Redis:", *problems]),
                    returncode=3)


def _postgres_problem() -> str | None:
    db = settings.DATABASES["default"]
    try:
        psycopg.connect(host=db["HOST"], port=db["PORT"] or 5432, user=db["USER"],
                        password=db["PASSWORD"], dbname="postgres", connect_timeout=3).close()
    except psycopg.OperationalError as error:
        return (f"- PostgreSQL at {db['HOST']}:{db['PORT'] or 5432} as {db['USER']!r} is not "
                f"reachable ({str(error).strip()}). Start it (pg_ctlcluster ... main start) "
                "or set DATABASE_URL.")
    return None


def _redis_problem() -> str | None:
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return (f"- Redis at {settings.REDIS_URL} is not reachable ({error}). "
                "Start it (redis-server --daemonize yes) or set REDIS_URL.")
    return None


@pytest.fixture(autouse=True)
def _clear_cache():
    """The cache is a real Redis, which other runs may share: start each test with none of
    this run's keys (a FLUSHDB would take the other runs' too)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    keys = list(client.scan_iter(match=f"{settings.REDIS_KEY_PREFIX}:*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def owner(db):
    """A resident with one registered personal account."""
    user = UserFactory(password=PASSWORD)
    PersonalAccountFactory(user=user)
    return user


@pytest.fixture
def sessions_outlast_travel(settings):
    """For tests that travel days or weeks from today: the login made today still holds,
    however long its session would otherwise last or idle (accounts.sessions)."""
    settings.SESSION_COOKIE_AGE = 5 * 365 * 24 * 3600
    settings.SESSION_IDLE_MINUTES = settings.SESSION_ABSOLUTE_HOURS = 5 * 365 * 24 * 60


@pytest.fixture
def logged_in(client, owner):
    """The test client, logged in as `owner`."""
    client.force_login(owner)
    return client


@pytest.fixture
def post(logged_in, django_capture_on_commit_callbacks):
    """POST to a URL name as `owner`; what is sent after the commit (mail) is sent."""
    def send(url_name: str, data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            return logged_in.post(reverse(url_name), data)
    return send


@pytest.fixture
def neighbour(db):
    """Another resident of the same building."""
    user = UserFactory(password=PASSWORD)
    PersonalAccountFactory(user=user)
    return user


@pytest.fixture
def bank(live_server, settings):
    """The portal and its test bank, both protocols, served over HTTP, as in make run."""
    settings.SITE_URL = live_server.url
    settings.PAYMENT_GATEWAY_URL = f"{live_server.url}/test-bank/v2"
    settings.PAYMENT_CHECKOUT_URL = f"{live_server.url}/test-bank/v3"
    return live_server
