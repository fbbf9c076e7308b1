"""The processes docker-compose runs, started from the same bin/ scripts.

gunicorn and a Celery worker (and beat) run with production settings against
the local PostgreSQL and Redis; a page is fetched through gunicorn, the worker
answers a ping over the broker, and all of them stop cleanly.
"""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import PRODUCTION_REQUIRED
from vodokanal.celery import app as celery_app

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
        "DATABASE_URL": (f"postgres://{database['USER']}@{database['HOST']}:"
                         f"{database['PORT'] or 5432}/{database['NAME']}"),
        "REDIS_URL": settings.REDIS_URL,
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


def _get(url: str) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
        return response.status, dict(response.headers), response.read().decode()


def _wait_for(check, process: Process, what: str):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert process.alive(), f"{what} exited early:\n{process.output()}"
        try:
            result = check()
        except OSError:
            result = None
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"{what} did not come up in {STARTUP_SECONDS} s:\n{process.output()}")


def test_web_worker_and_beat_start_from_bin_scripts(production_environment, tmp_path):
    port = _free_port()
    hostname = f"smoke-{uuid.uuid4().hex[:8]}@localhost"
    web = Process("web", {**production_environment, "BIND": f"127.0.0.1:{port}"},
                  tmp_path / "web.log")
    worker = Process("worker", {**production_environment, "CELERY_HOSTNAME": hostname},
                     tmp_path / "worker.log")
    beat = Process("beat", production_environment, tmp_path / "beat.log")
    base = f"http://127.0.0.1:{port}"
    try:
        health = _wait_for(lambda: _get(f"{base}/healthz"), web, "gunicorn")
        assert health[0] == 200
        assert '"database": "ok"' in health[2]
        assert '"broker": "ok"' in health[2]

        status, headers, page = _get(f"{base}/")
        assert status == 200
        assert "Личный кабинет абонента" in page
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', page).group(1)
        assert _get(f"{base}{stylesheet}")[0] == 200  # WhiteNoise, hashed and compressed
        secret = "token-" + uuid.uuid4().hex
        with pytest.raises(urllib.error.HTTPError) as landing:  # no cookie jar: link invalid
            _get(f"{base}/register/password/?token={secret}")
        assert landing.value.code == 400

        replies = _wait_for(
            lambda: celery_app.control.ping(destination=[hostname], timeout=1), worker,
            "celery worker")
        assert replies == [{hostname: {"ok": "pong"}}]
        assert beat.alive(), beat.output()
    finally:
        codes = {name: process.stop() for name, process in
                 (("web", web), ("worker", worker), ("beat", beat))}
    assert codes == {"web": 0, "worker": 0, "beat": 0}, (web.output(), worker.output())
    # The access log has the path of the e-mailed link, never its token.
    assert "/register/password/" in web.output()
    assert secret not in web.output()
