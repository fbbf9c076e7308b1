"""Checks CI relies on: migrations in step with models, translations (the deploy checklist
is in tests/security)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.production_env import manage_py


def test_models_and_migrations_agree():
    result = manage_py("makemigrations", "--check", "--dry-run",
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
