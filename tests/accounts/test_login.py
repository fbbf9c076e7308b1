"""The three login forms (the basics; lockout and first-login rules come with issue 3)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import ManagementCompanyUserFactory, OrganisationUserFactory

GENERIC_ERROR = "Неверный логин или пароль"


def _number_of(user: User) -> str:
    return user.personal_accounts.get().number


@pytest.mark.django_db
def test_individual_logs_in_with_the_account_number_as_typed(client, owner):
    number = _number_of(owner).replace("-", " ")

    response = client.post(reverse("accounts:login"),
                           {"account_number": number, "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("cabinet")
    assert client.get(reverse("cabinet")).context["user"] == owner


@pytest.mark.django_db
def test_without_remember_me_the_session_ends_with_the_browser(client, owner):
    client.post(reverse("accounts:login"),
                {"account_number": _number_of(owner), "password": PASSWORD})

    assert client.session.get_expire_at_browser_close()


@pytest.mark.django_db
def test_remember_me_keeps_the_session(client, owner):
    client.post(reverse("accounts:login"), {"account_number": _number_of(owner),
                                            "password": PASSWORD, "remember_me": "on"})

    assert not client.session.get_expire_at_browser_close()


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["wrong_password", "unknown_number", "unregistered_number"])
def test_wrong_login_and_wrong_password_get_the_same_message(client, owner, case):
    number = {"wrong_password": _number_of(owner), "unknown_number": "99-9999999",
              "unregistered_number": "01-7777777"}[case]
    password = "Wrong-Password-1" if case == "wrong_password" else PASSWORD

    response = client.post(reverse("accounts:login"),
                           {"account_number": number, "password": password})

    assert response.status_code == 200
    assert GENERIC_ERROR in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_malformed_account_number_shows_the_expected_format(client):
    response = client.post(reverse("accounts:login"),
                           {"account_number": "12345", "password": "whatever-1"})

    assert response.status_code == 200
    assert "01-1234567" in response.context["form"].errors["account_number"][0]


@pytest.mark.django_db
def test_legal_entity_logs_in_with_its_access_code(client):
    user = OrganisationUserFactory(password=PASSWORD)
    code = user.organisation.access_code.lower()

    response = client.post(reverse("accounts:login_legal"),
                           {"access_code": f" {code} ", "password": PASSWORD})

    assert response.status_code == 302
    cabinet = client.get(reverse("cabinet"))
    assert user.organisation.name in cabinet.content.decode()


@pytest.mark.django_db
def test_an_access_code_only_opens_its_own_kind_of_form(client):
    ManagementCompanyUserFactory(organisation__access_code="UK-200117", password=PASSWORD)

    wrong_form = client.post(reverse("accounts:login_legal"),
                             {"access_code": "UK-200117", "password": PASSWORD})
    right_form = client.post(reverse("accounts:login_management"),
                             {"access_code": "UK-200117", "password": PASSWORD})

    assert ("Это код доступа управляющей компании: войдите на вкладке «Управляющим "
            "компаниям».") in wrong_form.content.decode()  # said by its prefix alone
    assert right_form.status_code == 302
    unknown = Client().post(reverse("accounts:login_legal"),
                            {"access_code": "UL-999999", "password": PASSWORD})
    assert GENERIC_ERROR in unknown.content.decode()


@pytest.mark.django_db
def test_next_cannot_send_a_user_off_site(client, owner):
    response = client.post(
        reverse("accounts:login") + "?next=https://evil.example/",
        {"account_number": _number_of(owner), "password": PASSWORD},
    )

    assert response["Location"] == reverse("cabinet")


@pytest.mark.django_db
def test_cabinet_shows_only_the_users_own_accounts(client, owner, neighbour):
    client.force_login(owner)

    page = client.get(reverse("cabinet")).content.decode()

    assert _number_of(owner) in page
    assert f"кв. {owner.personal_accounts.get().flat}" in page
    assert _number_of(neighbour) not in page


@pytest.mark.django_db
def test_cabinet_needs_a_login(client):
    response = client.get(reverse("cabinet"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_logout_ends_the_session_on_the_server(client, owner):
    client.force_login(owner)
    session_key = client.session.session_key

    client.post(reverse("accounts:logout"))

    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get(reverse("cabinet")).status_code == 302
