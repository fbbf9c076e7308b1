"""docker-compose.yml against the code: it gives every setting production requires, and
each of its app services runs a bin/ script that the integration tests start too."""

import re
import subprocess
import sys

from tests.production_env import ROOT

COMPOSE = (ROOT / "docker-compose.yml").read_text()


def _app_environment() -> dict[str, str]:
    """The x-app block's variables; a secret compose takes from .env gets a stand-in."""
    block = COMPOSE.split("environment: &app-env\n", 1)[1].split("\n  depends_on:", 1)[0]
    variables = dict(re.findall(r"^    ([A-Z_]+): (.+)$", block, flags=re.MULTILINE))
    stand_in = "compose-stand-in-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"
    return {name: re.sub(r"\$\{[A-Z_]+:\?[^}]*\}", stand_in, value).strip('"')
            for name, value in variables.items()}


def _app_commands() -> dict[str, str]:
    """service → its bin/ script, for the services built from the app's image."""
    services = re.findall(r"^  (\w+):\n    <<: \*app\n    command: \[\"([^\"]+)\"\]",
                          COMPOSE, flags=re.MULTILINE)
    return dict(services)


def test_compose_gives_every_setting_production_requires():
    environment = {"PATH": "/usr/bin:/bin", **_app_environment()}
    assert environment["DJANGO_SETTINGS_MODULE"] == "vodokanal.settings.production"

    probe = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import "
         "settings; print(settings.PAYMENT_NOTIFICATION_BASE_URL)"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)

    assert probe.returncode == 0, probe.stderr
    assert probe.stdout.strip() == "http://web:8000"  # where the worker reaches the web


def test_the_web_service_answers_to_the_name_the_worker_uses():
    assert "web" in _app_environment()["ALLOWED_HOSTS"].split(",")


def test_each_app_service_runs_a_bin_script_the_integration_tests_start():
    commands = _app_commands()
    started = set(re.findall(r'Process\(\s*"(\w+)"', "".join(
        path.read_text() for path in (ROOT / "tests" / "integration").glob("*.py"))))

    assert set(commands) == {"migrate", "web", "worker", "beat"}
    for service, command in commands.items():
        script = ROOT / command
        assert command.startswith("bin/"), service
        assert script.is_file(), service
        assert script.stat().st_mode & 0o111, f"{command} is not executable"
        assert script.name in started, f"no integration test starts {command}"
