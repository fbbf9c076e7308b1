"""Staff issue an organisation's access code and initial password from admin, as a letter."""

import re

import pytest
from django.contrib.admin import helpers
from django.urls import reverse

from accounts.models import Organisation, User
from tests.factories import OrganisationFactory, OrganisationUserFactory, UserFactory
from vodokanal.models import AuditEntry


@pytest.fixture
def staff_client(client, db):
    staff = UserFactory(kind=User.Kind.STAFF, is_staff=True, is_superuser=True,
                        password="Staff-Password-1")
    client.force_login(staff)
    return client


def _issue(staff_client, *organisations):
    return staff_client.post(reverse("admin:accounts_organisation_changelist"), {
        "action": "issue_access",
        helpers.ACTION_CHECKBOX_NAME: [organisation.pk for organisation in organisations]})


def _credentials(letter: str) -> list[tuple[str, str]]:
    codes = re.findall(r"<dt>Код доступа</dt><dd>([^<]+)</dd>", letter)
    passwords = re.findall(r"<dt>Первоначальный пароль</dt><dd>([^<]+)</dd>", letter)
    return list(zip(codes, passwords, strict=True))


def test_a_new_organisation_gets_a_code_and_a_password_that_must_be_changed(client,
                                                                           staff_client):
    company = OrganisationFactory(access_code=None, kind=Organisation.Kind.MANAGEMENT_COMPANY)

    response = _issue(staff_client, company)

    [(code, password)] = _credentials(response.content.decode())
    company.refresh_from_db()
    assert company.access_code == code
    assert re.fullmatch(r"UK-\d{6}", code)
    user = User.objects.get(organisation=company)
    assert user.kind == User.Kind.MANAGEMENT_COMPANY
    assert user.must_change_password
    client.logout()
    login = client.post(reverse("accounts:login_management"),
                        {"access_code": code, "password": password}, follow=True)
    assert login.redirect_chain[-1][0] == reverse("accounts:password_change")


def test_the_letter_is_printable_and_never_cached(staff_client):
    response = _issue(staff_client, OrganisationFactory())

    page = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "css/letter.css" in page
    assert "/login/legal/" in page
    assert "Распечатайте письма сейчас" in page


def test_issuing_again_keeps_the_code_and_replaces_the_password(staff_client):
    user = OrganisationUserFactory(password="Old-Password-77")
    code = user.organisation.access_code

    [(issued_code, password)] = _credentials(_issue(staff_client, user.organisation)
                                             .content.decode())

    user.refresh_from_db()
    assert issued_code == code
    assert not user.check_password("Old-Password-77")
    assert user.check_password(password)
    assert user.must_change_password


def test_several_organisations_get_one_letter_each(staff_client):
    organisations = OrganisationFactory.create_batch(3)

    letter = _issue(staff_client, *organisations).content.decode()

    assert len(_credentials(letter)) == 3
    assert letter.count('class="letter"') == 3


def test_the_audit_keeps_who_issued_but_never_the_password(staff_client):
    organisation = OrganisationFactory()

    [(_code, password)] = _credentials(_issue(staff_client, organisation).content.decode())

    entry = AuditEntry.objects.get(action="accounts.access_issued")
    assert entry.actor.is_staff
    assert entry.data["organisation"] == organisation.pk
    assert password not in str(entry.data)
