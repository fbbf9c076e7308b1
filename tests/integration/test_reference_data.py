"""The reading rules and tariffs are kept in the shared cache: a change staff make through
one process shows at once in the cabinet tabs another process draws, however recently
that one read the old rules."""

import os
import subprocess
import sys
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.urls import reverse

from meters.models import ReadingRules
from tests.factories import MeterFactory
from tests.integration.conftest import ROOT
from vodokanal.embedded import database_url

pytestmark = [pytest.mark.integration, pytest.mark.usefixtures("sessions_outlast_travel")]

CHANGE = ("from meters.models import ReadingRules; rules = ReadingRules.current(); "
          "rules.closes_on_day = 28; rules.save()")


@pytest.mark.django_db(transaction=True)
def test_a_change_made_in_another_process_shows_in_this_ones_tabs_at_once(logged_in, owner):
    MeterFactory(account=owner.personal_accounts.get())
    day = date(2026, 12, 27)
    with time_machine.travel(day, tick=False):
        assert ReadingRules.current().closes_on_day == 25  # this process has read them
        cached = logged_in.get(reverse("cabinet")).content.decode()
        assert "будут учтены за январь 2027" in cached

    another = {**os.environ, "DJANGO_SETTINGS_MODULE": "vodokanal.settings.test",
               "DATABASE_URL": database_url(connection.settings_dict),
               "REDIS_KEY_PREFIX": settings.REDIS_KEY_PREFIX}
    subprocess.run([sys.executable, "manage.py", "shell", "-c", CHANGE], cwd=ROOT, check=True,
                   timeout=60, env=another)

    with time_machine.travel(day, tick=False):
        page = logged_in.get(reverse("cabinet")).content.decode()
        assert "Показания принимаются до 28 декабря" in page
        assert ReadingRules.current().closes_on_day == 28
