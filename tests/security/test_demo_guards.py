"""What belongs to a demonstration stays there: the demo city (whose logins, staff's admin
among them, have a published password) is refused unless the site says it is a demo, and
a demo site with the test bank still needs secrets of its own. gunicorn runs without the
control socket every gunicorn of the user would share."""

import time
import urllib.request

import pytest

from accounts.models import User
from tests.integration.conftest import Process, production_environment  # noqa: F401
from tests.loopback import free_port
from tests.production_env import PRODUCTION_LIKE, manage_py


def test_the_demo_city_is_refused_on_a_site_that_is_no_demo(db):
    result = manage_py("demo_data", environment=PRODUCTION_LIKE)

    assert result.returncode != 0
    assert "DEMO_SITE" in result.stderr
    assert not User.objects.filter(username="admin").exists()


@pytest.mark.parametrize(("setting", "published"), [
    ("PAYMENT_TERMINAL_PASSWORD", "test-bank-password"),
    ("PAYMENT_CHECKOUT_SECRET_KEY", "test-shop-secret")])
def test_a_demo_with_the_test_bank_needs_secrets_of_its_own(setting, published):
    environment = {**PRODUCTION_LIKE, "TEST_BANK_ENABLED": "true", "DEMO_SITE": "true",
                   "PAYMENT_BANKS": "acquiring,checkout", "PAYMENT_CHECKOUT_NAME": "Касса",
                   "PAYMENT_CHECKOUT_URL": "https://lk.example.ru/test-bank/v3",
                   "PAYMENT_CHECKOUT_SHOP_ID": "1", "PAYMENT_CHECKOUT_SECRET_KEY": "own-secret",
                   setting: published}

    refused = manage_py("check", environment=environment)
    own = manage_py("check", environment={**environment, setting: "this-demo's-own"})

    assert refused.returncode != 0
    assert f"{setting} is the demo's published value" in refused.stderr
    assert own.returncode == 0, own.stderr


@pytest.mark.integration
def test_gunicorn_opens_no_shared_control_socket(production_environment, tmp_path):  # noqa: F811
    home = tmp_path / "home"
    port = free_port()
    web = Process("web", {**production_environment, "HOME": str(home),
                          "BIND": f"127.0.0.1:{port}"}, tmp_path / "web.log")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except OSError:
                assert web.alive(), web.output()
                time.sleep(0.5)
        assert not (home / ".gunicorn").exists()
    finally:
        assert web.stop() == 0, web.output()
