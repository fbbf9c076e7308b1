"""One login, several personal accounts: each added with proof, then switched between."""

import pytest
from django.urls import reverse

from tests.accounts.helpers import links_in, logs_in
from tests.conftest import PASSWORD
from tests.factories import BuildingFactory, PersonalAccountFactory, UserFactory

NO_MATCH = "Данные не совпадают с реестром предприятия"


@pytest.fixture
def dacha(db):
    """A private-sector account of the owner, not yet linked to any login."""
    return PersonalAccountFactory(
        number="11-0007785", flat="", building=BuildingFactory(address="г. Новосибирск, "
                                                                       "ул. Фрунзе, д. 5"),
        last_name="Иванова", first_name="Анна", middle_name="Сергеевна")


def _proof(**changes) -> dict:
    proof = {"account_number": "11-7785", "address": "улица Фрунзе, дом 5",
             "last_name": "Иванова", "first_name": "Анна", "middle_name": "Сергеевна",
             **changes}
    return {f"link-{name}": value for name, value in proof.items()}


@pytest.fixture
def link(client, owner):
    client.force_login(owner)
    return lambda **changes: client.post(reverse("accounts:account_link"), _proof(**changes))


def test_an_account_is_linked_with_proof(link, owner, dacha):
    response = link()

    assert response["Location"] == reverse("accounts:profile")
    dacha.refresh_from_db()
    assert dacha.user == owner
    assert owner.personal_accounts.count() == 2


@pytest.mark.parametrize("changes", [{"last_name": "Петрова"}, {"address": "Фрунзе 7"},
                                     {"account_number": "11-7786"}])
def test_wrong_proof_gets_the_registration_answer(link, owner, dacha, changes):
    response = link(**changes)

    assert NO_MATCH in response.content.decode()
    dacha.refresh_from_db()
    assert dacha.user is None


def test_an_account_of_another_login_is_not_taken(link, owner, dacha):
    stranger = UserFactory(password=PASSWORD)
    dacha.user = stranger
    dacha.save()

    response = link()

    assert "зарегистрирован на другой вход" in response.content.decode()
    dacha.refresh_from_db()
    assert dacha.user == stranger


def test_linking_the_same_account_twice_says_so(link, dacha):
    link()

    response = link()

    assert "уже привязан к этому входу" in response.content.decode()


def test_organisations_do_not_link_personal_accounts(client, dacha, db):
    from tests.factories import OrganisationUserFactory

    client.force_login(OrganisationUserFactory())

    client.post(reverse("accounts:account_link"), _proof())

    dacha.refresh_from_db()
    assert dacha.user is None


def test_each_number_of_the_login_logs_in(client, link, owner, dacha):
    link()
    client.logout()

    assert logs_in(client, "11-0007785")
    client.logout()
    assert logs_in(client, owner.personal_accounts.exclude(pk=dacha.pk).get().number)


def test_the_cabinet_switches_between_the_accounts(client, link, owner, dacha):
    link()
    first = owner.personal_accounts.exclude(pk=dacha.pk).get()
    assert first.number in client.get(reverse("cabinet")).content.decode()

    client.post(reverse("accounts:account_switch"), {"number": dacha.number})
    page = client.get(reverse("cabinet")).content.decode()

    heading = page.split("<h1>")[1].split("</h1>")[0]
    assert dacha.number in heading
    assert first.number not in heading


def test_switching_to_someone_elses_account_is_a_404(client, owner, neighbour):
    client.force_login(owner)

    response = client.post(reverse("accounts:account_switch"),
                           {"number": neighbour.personal_accounts.get().number})

    assert response.status_code == 404


def test_recovery_lists_the_linked_accounts_too(client, link, owner, dacha, mailoutbox,
                                                django_capture_on_commit_callbacks):
    link()
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:recovery"), {"identifier": "11-7785"})

    [message] = mailoutbox
    assert dacha.number in message.body
    assert owner.personal_accounts.exclude(pk=dacha.pk).get().number in message.body
    assert len(links_in(message)) == 2
