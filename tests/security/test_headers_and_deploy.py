"""Security headers on every page, and the deploy checklist of the production settings."""

import os
import re
import subprocess
import sys

import pytest

from tests.production_env import PRODUCTION_LIKE, ROOT, manage_py


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/login/", "/faq/"])
def test_pages_carry_security_headers(client, path):
    response = client.get(path)

    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_deploy_checklist_is_clean_with_production_settings():
    """HSTS, secure and HTTP-only cookies, SSL redirect, a strong key: Django's own list."""
    result = manage_py("check", "--deploy", "--fail-level", "WARNING",
                       environment=PRODUCTION_LIKE)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("setting", ["SECRET_KEY", "TRUSTED_PROXY_COUNT"])
def test_production_settings_refuse_to_start_without(setting):
    result = _check(without=(setting,))

    assert result.returncode != 0
    assert setting in result.stderr


def _check(*, without: tuple[str, ...] = (), **changes) -> subprocess.CompletedProcess:
    """`manage.py check` under production settings, changed, or with settings left out."""
    environment = {**os.environ, **PRODUCTION_LIKE, **changes}
    for name in without:
        del environment[name]
    return subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120)


def test_production_settings_refuse_the_test_bank_unless_the_site_is_a_demo():
    refused = _check(TEST_BANK_ENABLED="true")
    demo = _check(TEST_BANK_ENABLED="true", DEMO_SITE="true")

    assert refused.returncode != 0
    assert "DEMO_SITE" in refused.stderr
    assert demo.returncode == 0, demo.stderr


SECRETS = ("SECRET_KEY", "PAYMENT_TERMINAL_PASSWORD", "PAYMENT_TERMINAL_KEY",
           "POSTGRES_PASSWORD")


def test_docker_compose_holds_no_secret_and_no_test_bank():
    """Each secret comes from an .env file that is not committed: compose refuses to start
    without it (${NAME:?…}), and there is no fallback value to run on by mistake."""
    compose = (ROOT / "docker-compose.yml").read_text()

    for name in SECRETS:
        values = re.findall(rf"^\s+{name}: (.+)$", compose, flags=re.MULTILINE)
        assert values, name
        assert all(value.startswith(f"${{{name}:?") for value in values), (name, values)
    assert "POSTGRES_PASSWORD:?" in re.search(r"DATABASE_URL: (.+)", compose)[1]
    assert ":-" not in compose  # no default value for anything
    assert "TEST_BANK_ENABLED" not in compose
    assert ".env" in (ROOT / ".gitignore").read_text().split()

