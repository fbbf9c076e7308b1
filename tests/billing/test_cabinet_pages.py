"""The Information and Charges tabs: what they show, whose data, and how many queries."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from billing.models import PaymentReceived
from meters.models import ReadingRules
from tests.factories import PersonalAccountFactory, billing_history


@pytest.fixture
def account(owner):
    return owner.personal_accounts.get()


def test_information_shows_a_debt_and_the_last_payment(logged_in, account):
    billing_history(account, first=date(2026, 1, 1), months=10, paid_share=Decimal("0.5"))

    page = logged_in.get(reverse("cabinet")).content.decode()

    assert "Задолженность" in page
    assert "Последний платёж" in page
    assert "10.11.2026" in page  # October's half, paid on the 10th of November
    assert "задолженность за прошлые месяцы" in page.lower()


def test_information_shows_a_credit(logged_in, account):
    billing_history(account, first=date(2026, 9, 1), months=1)
    PaymentReceived.objects.create(account=account, paid_on=date(2026, 11, 2), amount=1000,
                                   channel="office", external_id="extra")
    from billing.services import balances_rebuild
    balances_rebuild(account_ids=[account.pk])

    page = logged_in.get(reverse("cabinet")).content.decode()

    assert "Переплата" in page
    assert "1\xa0000,00\xa0₽" in page


def test_a_new_payment_shows_at_once_though_the_tabs_are_cached(logged_in, account):
    from billing.exchange.formats import FORMATS
    from billing.exchange.importer import billing_file_import

    billing_history(account, first=date(2026, 10, 1), months=1)
    before = [logged_in.get(reverse(name)).content.decode()
              for name in ("cabinet", "billing:charges")]
    assert all("4\xa0321,00" not in page for page in before)

    billing_file_import(file_format=FORMATS["payments"], stream=io.BytesIO(
        "external_id;account_number;paid_on;amount;channel\n"
        f"late;{account.number};2026-11-19;4321.00;office\n".encode()))

    information = logged_in.get(reverse("cabinet")).content.decode()
    charges = logged_in.get(reverse("billing:charges")).content.decode()
    assert "4\xa0321,00\xa0₽, 19.11.2026" in information  # the last payment
    assert "19.11.2026</td><td class=\"num\">4\xa0321,00" in charges


def test_a_change_to_many_accounts_refreshes_every_cabinet_at_once(logged_in, account,
                                                                   monkeypatch):
    from accounts.models import CabinetGeneration
    from billing.services import balances_rebuild

    billing_history(account, first=date(2026, 10, 1), months=1)
    logged_in.get(reverse("cabinet"))
    monkeypatch.setattr("accounts.cabinet.CABINET_CHANGED_ONE_BY_ONE", 0)
    PaymentReceived.objects.create(account=account, paid_on=date(2026, 11, 19), amount=4321,
                                   channel="office", external_id="late")
    account.refresh_from_db()
    version = account.cabinet_version
    generation = CabinetGeneration.objects.get().value

    balances_rebuild(account_ids=[account.pk])

    account.refresh_from_db()
    assert account.cabinet_version == version  # one generation for all, not each account
    assert CabinetGeneration.objects.get().value == generation + 1
    assert "4\xa0321,00\xa0₽, 19.11.2026" in logged_in.get(reverse("cabinet")).content.decode()


def test_cached_tabs_are_per_account_and_language(client, owner, neighbour):
    mine, theirs = owner.personal_accounts.get(), neighbour.personal_accounts.get()
    billing_history(mine, first=date(2026, 10, 1), months=1, paid_share=Decimal("0"))
    billing_history(theirs, first=date(2026, 10, 1), months=1)
    client.force_login(owner)
    client.get(reverse("cabinet"))

    client.force_login(neighbour)
    assert "Задолженность" not in client.get(reverse("cabinet")).content.decode()
    client.cookies["django_language"] = "en"
    assert "Balance" in client.get(reverse("cabinet")).content.decode()


def test_the_charges_tab_goes_month_by_month_per_service(logged_in, account):
    billing_history(account, first=date(2025, 11, 1), months=12)

    page = logged_in.get(reverse("billing:charges") + "?year=2025").content.decode()

    assert "Ноябрь 2025" in page
    assert "Декабрь 2025" in page
    assert "Октябрь 2025" not in page
    months = page.split('id="months-title"')[1].split('id="payments-title"')[0]
    assert months.count("Холодное водоснабжение</td>") == 2
    assert "<svg" in page
    assert "<rect" in page
    assert "По годам" in page
    years_chart = page.split('id="years-title"')[1]
    assert '<svg class="chart"' in years_chart
    assert ">2025</text>" in years_chart
    assert ">2026</text>" in years_chart


def test_the_latest_year_is_shown_unless_another_is_asked(logged_in, account):
    billing_history(account, first=date(2025, 11, 1), months=12)

    page = logged_in.get(reverse("billing:charges") + "?year=1999").content.decode()

    assert "Октябрь 2026" in page


@pytest.mark.parametrize("url_name", ["cabinet", "billing:charges"])
def test_query_counts_do_not_grow_with_the_history(logged_in, account, url_name,
                                                   django_assert_max_num_queries):
    billing_history(account, first=date(2024, 1, 1), months=34)
    short = PersonalAccountFactory(user=account.user)
    billing_history(short, first=date(2026, 8, 1), months=2)
    ReadingRules.current()  # made once and then kept in the process (reference_data)

    for shown in (account, short):
        logged_in.post(reverse("accounts:account_switch"), {"number": shown.number})
        with django_assert_max_num_queries(12):
            assert logged_in.get(reverse(url_name)).status_code == 200


def test_an_account_without_history_opens(logged_in):
    for url_name in ("cabinet", "billing:charges", "billing:receipts", "billing:statement"):
        assert logged_in.get(reverse(url_name)).status_code == 200


def test_only_the_logged_in_persons_money_is_shown(logged_in, owner, neighbour):
    theirs = neighbour.personal_accounts.get()
    billing_history(theirs, first=date(2026, 1, 1), months=10, paid_share=Decimal("0"))

    page = logged_in.get(reverse("billing:charges")).content.decode()

    assert owner.personal_accounts.get().number in page
    assert "По этому лицевому счёту пока нет начислений." in page
    assert theirs.number not in page
    assert "₽" not in page  # not one amount: the owner has none, the neighbour's are not here


@pytest.mark.parametrize("url_name", ["cabinet", "billing:charges", "billing:receipts",
                                      "billing:statement"])
def test_the_tabs_need_a_login(client, db, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_organisations_do_not_reach_an_individuals_tabs(client, db):
    from tests.factories import OrganisationUserFactory

    client.force_login(OrganisationUserFactory())

    assert client.get(reverse("billing:charges"))["Location"] == reverse("cabinet")
