"""Production settings, plus the benchmark's baseline views (tests/bench/urls.py)."""

from vodokanal.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.bench.urls"
