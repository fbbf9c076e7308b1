"""The settings of `make run`, and the switch to other services by environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICE_VARIABLES = ("DATABASE_URL", "REDIS_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE")

PROBE = """
import json, django
django.setup()
from django.conf import settings
from vodokanal.celery import app
print(json.dumps({
    "engine": settings.DATABASES["default"]["ENGINE"],
    "name": str(settings.DATABASES["default"]["NAME"]),
    "host": settings.DATABASES["default"]["HOST"],
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": app.conf.task_always_eager,
    "broker": app.conf.broker_url,
    "email_backend": settings.EMAIL_BACKEND,
    "email_host": getattr(settings, "EMAIL_HOST", ""),
    "email_path": str(settings.EMAIL_FILE_PATH),
    "language": settings.LANGUAGE_CODE,
    "debug": settings.DEBUG,
}))
"""


def _settings_with(**environment) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in SERVICE_VARIABLES}
    clean["DJANGO_SETTINGS_MODULE"] = "vodokanal.settings.local"
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env={**clean, **environment},
        capture_output=True, text=True, check=True, timeout=60,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_environment_the_site_uses_the_local_postgresql_and_runs_tasks_in_process():
    found = _settings_with()
    assert found["engine"] == "django.db.backends.postgresql"
    assert (found["host"], found["name"]) == ("localhost", "vodokanal")
    assert found["eager"] is True
    assert found["broker"] == "memory://"
    assert found["cache"].endswith("LocMemCache")
    assert found["email_backend"] == "vodokanal.mail.FileAndConsoleEmailBackend"
    assert Path(found["email_path"]) == ROOT / "var" / "mail"
    assert found["language"] == "ru"
    assert found["debug"] is True


def test_the_embedded_servers_socket_directory_is_the_host():
    found = _settings_with(DATABASE_URL="postgres://postgres@/vodokanal?host=/run/pg-socket")
    assert (found["host"], found["name"]) == ("/run/pg-socket", "vodokanal")


def test_service_urls_switch_to_postgres_redis_and_smtp():
    found = _settings_with(
        DATABASE_URL="postgres://portal@db.internal:5432/vodokanal",
        REDIS_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp://mail.internal:25",
    )
    assert found["engine"] == "django.db.backends.postgresql"
    assert found["name"] == "vodokanal"
    assert found["eager"] is False
    assert found["broker"] == "redis://cache.internal:6379/0"
    assert found["cache"].endswith("RedisCache")
    assert found["email_backend"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["email_host"] == "mail.internal"
