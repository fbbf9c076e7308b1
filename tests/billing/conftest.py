from datetime import date

import pytest
import time_machine

TODAY = date(2026, 11, 20)


@pytest.fixture(autouse=True)
def _today():
    """Billing pages depend on the month: every billing test runs on 20 November 2026."""
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Uploaded documents go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
