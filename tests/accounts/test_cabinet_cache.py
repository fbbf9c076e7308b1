"""The cabinet's tabs are cached whole: never anybody else's, never stale, never a token."""

import re

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import reverse

from accounts.cabinet import CSRF_STAND_IN
from accounts.models import Organisation
from tests.factories import OrganisationFactory, PersonalAccountFactory

TABS = ["cabinet", "billing:charges", "meters:meters"]


def _token(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


@pytest.mark.parametrize("url_name", TABS)
def test_a_cached_tab_carries_the_requests_own_token(owner, url_name):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    for client in (first, second):
        client.force_login(owner)
        client.get(reverse(url_name))  # the second is served from the cache

    page = second.get(reverse(url_name)).content.decode()

    assert CSRF_STAND_IN not in page
    assert second.post(reverse("accounts:logout"),
                       {"csrfmiddlewaretoken": _token(page)}).status_code == 302


@pytest.mark.parametrize("url_name", TABS)
def test_two_logins_never_share_a_cached_tab(client, owner, neighbour, url_name):
    mine, theirs = owner.personal_accounts.get(), neighbour.personal_accounts.get()
    client.force_login(owner)
    assert mine.number in client.get(reverse(url_name)).content.decode()

    client.force_login(neighbour)
    page = client.get(reverse(url_name)).content.decode()

    assert theirs.number in page
    assert mine.number not in page


def test_staff_changes_to_the_account_and_its_building_show_at_once(logged_in, owner):
    account = owner.personal_accounts.get()
    logged_in.get(reverse("cabinet"))  # cached

    account.last_name = "Соколова"
    account.save()
    account.building.address = "г. Новосибирск, ул. Фрунзе, д. 5"
    account.building.save()

    page = logged_in.get(reverse("cabinet")).content.decode()
    assert "Соколова" in page
    assert "ул. Фрунзе, д. 5" in page


def test_a_management_companys_new_name_shows_at_once(logged_in, owner):
    company = OrganisationFactory(kind=Organisation.Kind.MANAGEMENT_COMPANY,
                                  name="ООО УК «Старая»", access_code="UK-200001")
    building = owner.personal_accounts.get().building
    building.management_company = company
    building.save()
    assert "ООО УК «Старая»" in logged_in.get(reverse("cabinet")).content.decode()

    company.name = "ООО УК «Новая»"
    company.save()

    assert "ООО УК «Новая»" in logged_in.get(reverse("cabinet")).content.decode()


def test_a_newly_linked_account_shows_in_the_switcher_at_once(logged_in, owner):
    logged_in.get(reverse("cabinet"))  # cached, with one account and no switcher

    second = PersonalAccountFactory(user=owner, number="01-0000002")

    assert f'value="{second.number}"' in logged_in.get(reverse("cabinet")).content.decode()


def test_a_page_with_a_message_is_drawn_afresh(logged_in):
    logged_in.get(reverse("cabinet"))  # cached
    response = logged_in.get(reverse("cabinet"))
    storage = CookieStorage(response.wsgi_request)
    storage.add(constants.SUCCESS, "Платёж принят банком.")
    storage.update(response)
    logged_in.cookies.update(response.cookies)

    page = logged_in.get(reverse("cabinet")).content.decode()

    assert "Платёж принят банком." in page
    assert not list(get_messages(logged_in.get(reverse("cabinet")).wsgi_request))
