"""Password recovery of individuals: by number or e-mail, one letter listing every account."""

import pytest
from django.urls import reverse
from django.utils.http import urlsafe_base64_encode

from tests.accounts.helpers import after_links_expire, links_in, logs_in
from tests.conftest import PASSWORD
from tests.factories import OrganisationUserFactory, PersonalAccountFactory, UserFactory

NEW_PASSWORD = "Vodokanal-Recovered-9"


@pytest.fixture
def recover(client, django_capture_on_commit_callbacks):
    def post(identifier: str):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("accounts:recovery"), {"identifier": identifier})
        return response
    return post


@pytest.fixture
def family(db):
    """One e-mail, two logins: one holds two accounts (linked), the other one account."""
    first = UserFactory(password=PASSWORD, email="family@example.com")
    second = UserFactory(password=PASSWORD, email="Family@Example.com")
    return {
        "first": first, "second": second,
        "numbers": sorted([PersonalAccountFactory(user=first).number,
                           PersonalAccountFactory(user=first).number,
                           PersonalAccountFactory(user=second).number]),
    }


def _set_password(client, link, password=NEW_PASSWORD):
    landing = client.get(link)
    return client.post(landing["Location"], {"new_password1": password,
                                             "new_password2": password})


@pytest.mark.parametrize("identifier", ["email", "number"])
def test_one_letter_lists_every_account_of_the_email(recover, family, mailoutbox, identifier):
    typed_number = family["numbers"][2].replace("-", " ")
    given = "FAMILY@example.com" if identifier == "email" else typed_number

    recover(given)

    [message] = mailoutbox
    assert message.to == ["family@example.com"]
    for number in family["numbers"]:
        assert number in message.body
    assert len(links_in(message)) == 3


def test_each_link_resets_the_login_that_holds_its_account(client, recover, family,
                                                           mailoutbox):
    recover("family@example.com")
    links = links_in(mailoutbox[0])

    _set_password(client, links[2])  # the second login's account (sorted last by number)

    assert logs_in(client, family["numbers"][2], NEW_PASSWORD)
    assert logs_in(client, family["numbers"][0], PASSWORD)


@pytest.mark.parametrize("identifier", ["nobody@example.com", "01-7654321", "FAMILY@example.com",
                                        "family-01"])
def test_the_screen_says_the_same_whatever_matched(client, recover, family, identifier):
    response = recover(identifier)

    if identifier == "family-01":  # not a number, not an e-mail: a format message instead
        assert response.status_code == 200
        assert "01-1234567" in response.content.decode()
        return
    assert response["Location"] == reverse("accounts:recovery_sent")


def test_nothing_matched_sends_nothing(recover, family, mailoutbox):
    recover("nobody@example.com")
    recover("01-7654321")

    assert mailoutbox == []


def test_organisations_are_not_recovered_online(recover, mailoutbox, db):
    OrganisationUserFactory(email="office@example.com")

    response = recover("office@example.com")

    assert response["Location"] == reverse("accounts:recovery_sent")
    assert mailoutbox == []


def test_the_link_works_once_and_the_old_password_stops(client, recover, family, mailoutbox):
    recover("family@example.com")
    link = links_in(mailoutbox[0])[0]
    _set_password(client, link)

    again = client.get(client.get(link)["Location"])

    assert again.status_code == 400
    assert not logs_in(client, family["numbers"][0], PASSWORD)
    assert logs_in(client, family["numbers"][0], NEW_PASSWORD)


def test_the_link_expires_after_24_hours(client, recover, family, mailoutbox):
    recover("family@example.com")
    link = links_in(mailoutbox[0])[0]

    with after_links_expire():
        response = client.get(client.get(link)["Location"])

    assert response.status_code == 400


def test_a_forged_account_in_the_link_does_not_work(client, recover, family, mailoutbox):
    recover("family@example.com")
    link = links_in(mailoutbox[0])[0]
    stranger = PersonalAccountFactory(user=UserFactory(password=PASSWORD))
    own_id = link.split("account=")[1].split("&")[0]
    forged = link.replace(own_id, urlsafe_base64_encode(str(stranger.pk).encode()))

    response = client.get(client.get(forged)["Location"])

    assert response.status_code == 400


def test_recovery_is_reached_from_the_login_and_organisations_are_sent_elsewhere(client, db):
    login_page = client.get(reverse("accounts:login")).content.decode()
    recovery_page = client.get(reverse("accounts:recovery")).content.decode()

    assert reverse("accounts:recovery") in login_page
    assert reverse("accounts:organisation_recovery") in recovery_page
