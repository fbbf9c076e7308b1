"""The test harness itself: what `make test` says when something it needs is missing."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from vodokanal.embedded import database_url

ROOT = Path(__file__).resolve().parents[2]


def _own_database() -> str:
    """The inner run must not touch the test database this run is using."""
    return database_url(settings.DATABASES["default"], name="vodokanal_harness")


def _pytest(*arguments: str, **environment: str) -> subprocess.CompletedProcess:
    inherited = {k: v for k, v in os.environ.items() if k != "REQUIRE_E2E"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rs", *arguments],
        cwd=ROOT, env={**inherited, "DATABASE_URL": _own_database(), **environment},
        capture_output=True, text=True, timeout=300,
    )


def test_unreachable_postgres_stops_the_run_with_a_clear_message():
    result = _pytest("tests/accounts/test_numbers.py",
                     DATABASE_URL="postgres://postgres@127.0.0.1:1/vodokanal")

    assert result.returncode == 3
    assert "The test suite needs PostgreSQL and Redis" in result.stdout
    assert "PostgreSQL at 127.0.0.1:1" in result.stdout
    assert "set DATABASE_URL" in result.stdout


def test_unreachable_redis_stops_the_run_with_a_clear_message():
    result = _pytest("tests/accounts/test_numbers.py", REDIS_URL="redis://127.0.0.1:1/0")

    assert result.returncode == 3
    assert "Redis at redis://127.0.0.1:1/0 is not reachable" in result.stdout


def test_browser_tests_skip_with_the_reason_when_there_is_no_browser():
    result = _pytest("tests/e2e", CHROMIUM_PATH="/nonexistent/chromium")

    assert result.returncode == 0, result.stdout
    assert "SKIPPED" in result.stdout
    assert "e2e: no Chromium at /nonexistent/chromium" in result.stdout


def test_browser_tests_fail_without_a_browser_when_required():
    result = _pytest("tests/e2e", CHROMIUM_PATH="/nonexistent/chromium", REQUIRE_E2E="1")

    assert result.returncode == 1
    assert "REQUIRE_E2E is set" in result.stdout
