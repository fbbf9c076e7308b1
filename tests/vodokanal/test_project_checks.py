"""Checks CI relies on: migrations in step with models, deploy checklist, translations."""

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.production_env import PRODUCTION_REQUIRED

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "vodokanal.settings.production",
    "SECRET_KEY": "x7!q-production-like-secret-key-for-the-deploy-check-0123456789",
    "ALLOWED_HOSTS": "lk.example.ru",
    "SITE_URL": "https://lk.example.ru",
    "DATABASE_URL": "postgres://postgres@localhost:5432/postgres",
    "REDIS_URL": "redis://localhost:6379/1",
    **PRODUCTION_REQUIRED,
}


def _manage(*arguments: str, environment: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT,
        env={**os.environ, **environment}, capture_output=True, text=True, timeout=120,
    )


def test_deploy_checklist_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    environment = {**PRODUCTION, "SECRET_KEY": ""}
    without_key = {k: v for k, v in {**os.environ, **environment}.items() if k != "SECRET_KEY"}

    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=without_key,
                            capture_output=True, text=True, timeout=120)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_models_and_migrations_agree():
    result = _manage("makemigrations", "--check", "--dry-run",
                     environment={"DJANGO_SETTINGS_MODULE": "vodokanal.settings.test"})

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("language", ["ru"])
def test_every_ui_string_is_translated_and_compiled(language):
    folder = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES"
    catalogue = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))

    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated: {untranslated}"
    assert not fuzzy, f"fuzzy: {fuzzy}"
    assert _messages(compiled) == _messages(catalogue), "run `make messages` to recompile"


def _messages(catalogue) -> dict:
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
        for entry in catalogue if entry.msgid and not entry.obsolete
    }
