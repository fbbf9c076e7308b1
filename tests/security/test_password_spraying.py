"""One client address trying one password against many logins is slowed down.

The lockout per (login, address) never trips when each login is tried once; the budget
of failures per client address across all logins does, at every login form and the
admin's, and lifts after the cool-off like the lockout.
"""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import (
    ManagementCompanyUserFactory,
    OrganisationUserFactory,
    PersonalAccountFactory,
    UserFactory,
)

SPRAYER = "203.0.113.66"
RESIDENT = "198.51.100.20"
BUDGET = 6  # small, to keep the test short; the default is in settings


@pytest.fixture(autouse=True)
def _small_budget(settings):
    settings.LOGIN_FAILURES_PER_CLIENT_ADDRESS = BUDGET


def _cabinet(number: str, password: str) -> tuple[str, dict]:
    return reverse("accounts:login"), {"account_number": number, "password": password}


def _legal(code: str, password: str) -> tuple[str, dict]:
    return reverse("accounts:login_legal"), {"access_code": code, "password": password}


def _management(code: str, password: str) -> tuple[str, dict]:
    return reverse("accounts:login_management"), {"access_code": code, "password": password}


def _admin(username: str, password: str) -> tuple[str, dict]:
    return reverse("admin:login"), {"username": username, "password": password}


FORMS = {
    "cabinet": (_cabinet, lambda n: f"54-{n:07}"),
    "legal entity": (_legal, lambda n: f"UL-{n:06}"),
    "management company": (_management, lambda n: f"UK-{n:06}"),
    "admin": (_admin, lambda n: f"someone{n}"),
}


def _real_login(form: str) -> str:
    """A login of the kind the form takes, with the right password being PASSWORD."""
    if form == "cabinet":
        return PersonalAccountFactory(user=UserFactory(password=PASSWORD)).number
    if form == "legal entity":
        return OrganisationUserFactory(password=PASSWORD).organisation.access_code
    if form == "management company":
        return ManagementCompanyUserFactory(password=PASSWORD).organisation.access_code
    return User.objects.create_superuser("chief", "chief@example.com", PASSWORD).username


def _post(client, form_request: tuple[str, dict], address: str):
    url, data = form_request
    return client.post(url, data, REMOTE_ADDR=address)


def _spray(client, form: str, address: str = SPRAYER) -> None:
    """One wrong password against BUDGET different logins: each login fails only once."""
    make_request, login_number = FORMS[form]
    for n in range(BUDGET):
        response = _post(client, make_request(login_number(n), "Summer2026!"), address)
        assert response.status_code == 200  # a wrong password, not yet a lock


@pytest.mark.django_db
@pytest.mark.parametrize("form", FORMS)
def test_spraying_one_form_locks_that_address_out_of_it(client, form):
    login = _real_login(form)
    make_request, _number = FORMS[form]
    _spray(client, form)

    refused = _post(client, make_request(login, PASSWORD), SPRAYER)
    elsewhere = _post(client, make_request(login, PASSWORD), RESIDENT)

    assert refused.status_code == 429
    assert "Слишком много попыток" in refused.content.decode()
    assert elsewhere.status_code == 302


@pytest.mark.django_db
def test_the_budget_is_shared_by_all_the_forms(client):
    login = _real_login("cabinet")
    for form in ("legal entity", "management company", "admin"):
        make_request, login_number = FORMS[form]
        for n in range(BUDGET // 3):
            _post(client, make_request(login_number(n), "Summer2026!"), SPRAYER)

    response = _post(client, _cabinet(login, PASSWORD), SPRAYER)

    assert response.status_code == 429


@pytest.mark.django_db
def test_the_address_budget_lifts_after_the_cool_off(client, settings):
    login = _real_login("cabinet")
    _spray(client, "cabinet")

    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(seconds=1)
    with time_machine.travel(later):
        response = _post(client, _cabinet(login, PASSWORD), SPRAYER)

    assert response.status_code == 302


@pytest.mark.django_db
def test_a_residents_admin_attempts_count_with_the_cabinets(client, owner, settings):
    """3 wrong at the admin's form under the username, 2 wrong at the cabinet under the
    number: the login's 5 are spent, the right password is refused at the cabinet too."""
    settings.LOGIN_FAILURES_PER_CLIENT_ADDRESS = 100  # only the lockout per login here
    number = owner.personal_accounts.get().number
    for _attempt in range(3):
        _post(client, _admin(owner.username, "Wrong-Password-1"), SPRAYER)
    for _attempt in range(2):
        _post(client, _cabinet(number, "Wrong-Password-1"), SPRAYER)

    assert settings.AXES_FAILURE_LIMIT == 5
    assert _post(client, _cabinet(number, PASSWORD), SPRAYER).status_code == 429
    assert _post(client, _admin(owner.username, PASSWORD), SPRAYER).status_code == 429


@pytest.mark.django_db
def test_each_account_number_of_one_login_counts_for_that_login(client, owner, settings):
    settings.LOGIN_FAILURES_PER_CLIENT_ADDRESS = 100
    first = owner.personal_accounts.get().number
    second = PersonalAccountFactory(user=owner).number
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _post(client, _cabinet((first, second)[attempt % 2], "Wrong-Password-1"), SPRAYER)

    assert _post(client, _cabinet(second, PASSWORD), SPRAYER).status_code == 429
