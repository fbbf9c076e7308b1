"""Security headers on every page, and the deploy checklist of the production settings."""

import os
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


def test_production_settings_refuse_to_start_without_a_secret_key():
    environment = {**os.environ, **PRODUCTION_LIKE}
    del environment["SECRET_KEY"]

    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=120)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
