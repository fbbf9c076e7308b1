"""The API's read endpoints: charges and payments by year, the notices, the month's
receipt as PDF; another login's account is a 404 on each."""

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import access_token_issue
from support.notifications import Recipient, notices_queue
from tests.factories import billing_history


@pytest.fixture
def history(owner):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2025, 11, 1), months=13)
    return account


@pytest.fixture
def api(owner):
    plain = access_token_issue(user=owner, name="script", scopes=["read"], days=30).plain

    def get(url, **params):
        return Client().get(url, params, HTTP_AUTHORIZATION=f"Bearer {plain}")
    return get


def test_charges_by_year_add_up(api, history):
    months = api(reverse("api:charges", args=[history.number]), year=2026).json()

    assert [m["period"] for m in months] == [f"2026-{n:02d}-01" for n in range(1, 13)]
    for month in months:
        total = (Decimal(month["opening"]) + Decimal(month["charged"])
                 + Decimal(month["recalculated"]) - Decimal(month["paid"]))
        assert total == Decimal(month["closing"])
        assert sum(Decimal(line["amount"]) for line in month["lines"]) == Decimal(
            month["charged"])


@pytest.mark.parametrize("year", ["", "twenty", "1999", "2026.5"])
def test_a_bad_year_is_a_400_problem(api, history, year):
    response = api(reverse("api:charges", args=[history.number]), year=year)

    assert response.status_code == 400
    assert "year" in response.json()["errors"]


def test_payments_of_the_year(api, history):
    payments = api(reverse("api:payments", args=[history.number]), year=2026).json()

    assert payments
    assert all(p["paid_on"].startswith("2026-") for p in payments)
    assert payments == sorted(payments, key=lambda p: p["paid_on"], reverse=True)


def test_the_months_receipt_as_pdf(api, history):
    response = api(reverse("api:receipt", args=[history.number, 2026, 10]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "no-store" in response["Cache-Control"]
    assert api(reverse("api:receipt", args=[history.number, 2030, 1])).status_code == 404
    assert api(reverse("api:receipt", args=[history.number, 2026, 13])).status_code == 404


def test_another_logins_account_is_a_404_everywhere(api, neighbour):
    number = neighbour.personal_accounts.get().number
    billing_history(neighbour.personal_accounts.get(), first=date(2026, 9, 1), months=2)

    for url, params in ((reverse("api:charges", args=[number]), {"year": 2026}),
                        (reverse("api:payments", args=[number]), {"year": 2026}),
                        (reverse("api:meters", args=[number]), {}),
                        (reverse("api:receipt", args=[number, 2026, 9]), {})):
        assert api(url, **params).status_code == 404, url


def test_the_notices(api, owner):
    notices_queue(kind="tariff_change", recipients=[Recipient(owner.pk, "email", key="tariff:1")])

    [notice] = api(reverse("api:notices")).json()

    assert notice["kind"] == "tariff_change"
    assert notice["unread"] is True
    assert notice["account"] is None
