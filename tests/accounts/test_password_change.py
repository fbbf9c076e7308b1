"""First login with an issued password, and changing the password."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import OrganisationUserFactory

NEW_PASSWORD = "Vodokanal-New-Pass-42"


def _change(client, old=PASSWORD, new=NEW_PASSWORD):
    return client.post(reverse("accounts:password_change"), {
        "old_password": old, "new_password1": new, "new_password2": new})


@pytest.fixture
def issued_login(db):
    """An organisation's login as the contracts office issues it."""
    return OrganisationUserFactory(password=PASSWORD, must_change_password=True)


def test_first_login_goes_to_the_password_change(client, issued_login):
    response = client.post(reverse("accounts:login_legal"), {
        "access_code": issued_login.organisation.access_code, "password": PASSWORD}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("accounts:password_change")
    assert "Придумайте свой пароль" in response.content.decode()


def test_nothing_else_opens_until_the_password_is_changed(client, issued_login):
    client.force_login(issued_login)

    response = client.get(reverse("cabinet"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_after_the_change_the_cabinet_opens(client, issued_login):
    client.force_login(issued_login)

    response = _change(client)

    assert response["Location"] == reverse("cabinet")
    issued_login.refresh_from_db()
    assert not issued_login.must_change_password
    assert issued_login.check_password(NEW_PASSWORD)
    assert client.get(reverse("cabinet")).status_code == 200


def test_a_password_change_ends_the_other_sessions(owner):
    here, elsewhere = Client(), Client()
    here.force_login(owner)
    elsewhere.force_login(owner)

    _change(here)

    assert here.get(reverse("cabinet")).status_code == 200
    assert elsewhere.get(reverse("cabinet")).status_code == 302


def test_weak_or_mismatched_passwords_get_messages_on_the_form(client, owner):
    client.force_login(owner)

    weak = _change(client, new="12345678")
    wrong_old = _change(client, old="not-my-password")

    assert weak.status_code == 200
    assert weak.context["form"].errors["new_password1"]  # under the password itself
    assert "new_password2" not in weak.context["form"].errors
    assert wrong_old.context["form"].errors["old_password"]
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_organisations_are_told_to_contact_the_contracts_office(client, db):
    login_page = client.get(reverse("accounts:login_management")).content.decode()
    assert reverse("accounts:organisation_recovery") in login_page

    page = client.get(reverse("accounts:organisation_recovery")).content.decode()

    assert "отдел договоров" in page
    assert "290-72-90" in page
