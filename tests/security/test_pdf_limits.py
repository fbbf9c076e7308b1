"""Receipts and statements as PDF are limited per login, so one login cannot tie up the
web workers; another login, and the CSV, are not held back by it."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from tests.factories import billing_history

RECEIPT = (reverse("billing:receipts"), {"period": "2026-10"})
STATEMENT = (reverse("billing:statement"), {"first": "2026-01", "last": "2026-10",
                                            "output": "pdf"})
CSV = (reverse("billing:statement"), {"first": "2026-01", "last": "2026-10", "output": "csv"})


@pytest.fixture
def residents(client, owner, neighbour, settings):
    settings.PDFS_PER_LOGIN_PER_MINUTE = 4
    for user in (owner, neighbour):
        billing_history(user.personal_accounts.get(), first=date(2026, 1, 1), months=10,
                        paid_share=Decimal("0.5"))
    client.force_login(owner)
    return client


def _get(client, what):
    url, query = what
    return client.get(url, query)


@time_machine.travel("2026-11-20 12:00 +07:00", tick=False)
def test_pdfs_are_limited_per_login_with_a_message(residents, client, neighbour):
    answers = [_get(residents, what).status_code for what in (RECEIPT, STATEMENT) * 2]
    refused = _get(residents, RECEIPT)

    assert answers == [200] * 4
    assert refused.status_code == 429
    assert "Слишком много документов за минуту" in refused.content.decode()
    assert _get(residents, STATEMENT).status_code == 429
    assert _get(residents, CSV).status_code == 200  # a CSV costs nothing to speak of
    residents.force_login(neighbour)
    assert _get(residents, RECEIPT)["Content-Type"] == "application/pdf"

