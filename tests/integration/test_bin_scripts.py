"""The processes docker-compose runs, started from the same bin/ scripts.

gunicorn and a Celery worker (and beat) run with production settings against
the local PostgreSQL and Redis; a page is fetched through gunicorn, the worker
answers a ping over the broker, and all of them stop cleanly.
"""

import re
import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.integration.conftest import STARTUP_SECONDS, Process
from tests.loopback import free_port
from vodokanal.celery import app as celery_app

pytestmark = pytest.mark.integration
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
    port = free_port()
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


def test_migrate_applies_what_is_missing_and_exits(production_environment, tmp_path):
    """compose's one-off service before a release: on a migrated database, nothing to do."""
    migrate = Process("migrate", production_environment, tmp_path / "migrate.log")

    assert migrate.popen.wait(timeout=STARTUP_SECONDS) == 0, migrate.output()
    assert "No migrations to apply" in migrate.output()
