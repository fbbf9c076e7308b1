"""Reading links out of the e-mails the portal sent, and logging in as a person would."""

import re
from urllib.parse import urlsplit

import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

LINK = re.compile(r"https?://[^\s\"<>]+")


def links_in(message) -> list[str]:
    """The links of the plain-text part, as a path with its query (for the test client)."""
    return [_local(url) for url in LINK.findall(message.body)]


def _local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def logs_in(client, number: str, password: str = PASSWORD) -> bool:
    """The individual's login form accepts (number, password) and opens the cabinet."""
    response = client.post(reverse("accounts:login"),
                           {"account_number": number, "password": password})
    return response.status_code == 302 and response["Location"] == reverse("cabinet")


def after_links_expire():
    """Time travel to just past the life of an e-mailed link.

    The destination is in local time: an aware UTC one would make time-machine
    switch the process to UTC, and Django's reset tokens count naive local time.
    """
    later = timezone.localtime() + timezone.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
    return time_machine.travel(later)
