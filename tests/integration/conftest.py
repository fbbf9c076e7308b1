"""Real processes started from bin/ against the test database and the local Redis."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.production_env import PRODUCTION_REQUIRED
from vodokanal.embedded import database_url

ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60


@pytest.fixture
def production_environment(db, tmp_path):
    database = connection.settings_dict  # the test database, migrated
    return {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "vodokanal.settings.production",
        "SECRET_KEY": "smoke-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": "http://127.0.0.1",
        **PRODUCTION_REQUIRED,
        "DATABASE_URL": database_url(database),
        "REDIS_URL": settings.REDIS_URL,
        "REDIS_KEY_PREFIX": settings.REDIS_KEY_PREFIX,
        "STATIC_ROOT": str(tmp_path / "static"),
        "VAR_DIR": str(tmp_path / "var"),
        "CELERY_BEAT_SCHEDULE_FILE": str(tmp_path / "beat-schedule"),
        "WEB_CONCURRENCY": "1",
        "CELERY_CONCURRENCY": "1",
    }


class Process:
    def __init__(self, script: str, environment: dict, log: Path):
        self.log = log
        self.popen = subprocess.Popen(
            [str(ROOT / "bin" / script)], cwd=ROOT, env=environment,
            stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
        )

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> int:
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            return self.popen.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            return self.popen.wait()

    def output(self) -> str:
        return self.log.read_text(errors="replace")


