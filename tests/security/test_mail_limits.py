"""Nothing on the site can be used to fill a person's mailbox.

The e-mail change, recovery, registration and question forms are limited per client
address and per login for each form, and the links mailed to one address are limited
across all forms (settings.FORM_LIMITS_PER_HOUR). A refusal is a message on the form
(429), and nothing is mailed.
"""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from support.models import Question
from tests.conftest import PASSWORD
from tests.factories import BuildingFactory, PersonalAccountFactory, UserFactory

LIMIT_REACHED = "Слишком много попыток"
VICTIM = "victim@example.com"
ATTACKER = "203.0.113.66"


def _limit(kind: str) -> int:
    return settings.FORM_LIMITS_PER_HOUR[kind]


@pytest.fixture
def send(client, django_capture_on_commit_callbacks):
    """POST as a browser would, with the mail sent when the request's work commits."""
    def post(url_name: str, data: dict, address: str = ATTACKER):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse(url_name), data, REMOTE_ADDR=address)
    return post


def _refused(response) -> bool:
    return response.status_code == 429 and LIMIT_REACHED in response.content.decode()


def _mails_to(mailoutbox, address: str) -> int:
    return sum(address in message.to for message in mailoutbox)


# Registration ----------------------------------------------------------------------

def _unregistered_account(n: int = 0):
    building = BuildingFactory(address=f"г. Новосибирск, ул. Ленина, д. {20 + n}")
    return PersonalAccountFactory(number=f"01-{1234570 + n}", building=building, flat="37",
                                  last_name="Орлов", first_name="Виктор",
                                  middle_name="Степанович")


def _registration(account, email: str = VICTIM) -> dict:
    return {"account_number": account.number, "address": f"{account.building.address}, кв 37",
            "last_name": "Орлов", "first_name": "Виктор", "middle_name": "Степанович",
            "email": email}


@pytest.mark.django_db
def test_registration_links_to_one_address_are_limited(send, mailoutbox):
    account = _unregistered_account()
    answers = [send("accounts:register", _registration(account)).status_code
               for _attempt in range(_limit("recipient"))]

    refused = send("accounts:register", _registration(account), address="192.0.2.1")

    assert answers == [302] * _limit("recipient")
    assert _refused(refused)
    assert _mails_to(mailoutbox, VICTIM) == _limit("recipient")


@pytest.mark.django_db
def test_registration_is_limited_per_client_address(send, mailoutbox):
    account = _unregistered_account()
    for n in range(_limit("client")):
        send("accounts:register", {**_registration(account), "last_name": f"Не{n}"})

    refused = send("accounts:register", _registration(account, email="orlov@example.com"))

    assert _refused(refused)
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_resident_who_mistypes_a_name_can_still_register(send, mailoutbox):
    account = _unregistered_account()
    for _attempt in range(_limit("recipient") + 1):
        send("accounts:register", {**_registration(account), "last_name": "Орлав"})

    response = send("accounts:register", _registration(account))

    assert response.status_code == 302
    assert _mails_to(mailoutbox, VICTIM) == 1


# Password recovery -------------------------------------------------------------------

@pytest.mark.django_db
def test_recovery_letters_to_one_mailbox_are_limited_however_it_is_named(send, mailoutbox):
    account = PersonalAccountFactory(number="01-1234567",
                                     user=UserFactory(password=PASSWORD, email=VICTIM))
    names = [account.number, "011234567", "01 1234567", VICTIM, VICTIM.upper(), "01–1234567"]

    answers = [send("accounts:recovery", {"identifier": name}, address=f"192.0.2.{n}")
               for n, name in enumerate(names)]

    assert [answer.status_code for answer in answers] == [302] * len(names)  # alike to all
    assert _mails_to(mailoutbox, VICTIM) == _limit("recipient")


@pytest.mark.django_db
def test_a_stranger_cannot_stop_the_owner_asking_for_recovery(send, mailoutbox, client):
    account = PersonalAccountFactory(user=UserFactory(password=PASSWORD, email=VICTIM))
    for _attempt in range(_limit("recipient")):
        send("accounts:recovery", {"identifier": account.number})  # the stranger, thrice

    owners = send("accounts:recovery", {"identifier": VICTIM}, address="198.51.100.7")

    assert owners.status_code == 302
    assert owners["Location"] == reverse("accounts:recovery_sent")
    [*_earlier, last] = [m for m in mailoutbox if VICTIM in m.to]
    link = re.search(r"http://\S+/password-recovery/password/\S+", last.body).group(0)
    landing = client.get(link.removeprefix(settings.SITE_URL), follow=True)
    assert "Новый пароль" in landing.content.decode()  # the stranger's letters still work


@pytest.mark.django_db
def test_recovery_answers_alike_for_a_login_that_does_not_exist(send, mailoutbox):
    answers = [send("accounts:recovery", {"identifier": "nobody@example.com"},
                    address=f"192.0.2.{n}").status_code
               for n in range(_limit("recipient") + 1)]

    assert answers == [302] * (_limit("recipient") + 1)  # as for a login that exists
    assert mailoutbox == []


@pytest.mark.django_db
def test_recovery_is_limited_per_client_address(send, mailoutbox):
    user = UserFactory(password=PASSWORD, email=VICTIM)
    number = PersonalAccountFactory(user=user).number
    for n in range(_limit("client")):
        send("accounts:recovery", {"identifier": f"02-{n:07}"})

    refused = send("accounts:recovery", {"identifier": number})

    assert _refused(refused)
    assert mailoutbox == []


# E-mail change -----------------------------------------------------------------------

def _email_change(email: str) -> dict:
    return {"email": email, "password": PASSWORD}


@pytest.mark.django_db
def test_email_change_requests_are_limited_per_login(logged_in, send, mailoutbox):
    for n in range(_limit("user")):
        send("accounts:email_change", _email_change(f"new{n}@example.com"),
             address=f"192.0.2.{n}")

    refused = send("accounts:email_change", _email_change("one.more@example.com"),
                   address="192.0.2.99")

    assert _refused(refused)
    assert "one.more@example.com" not in {to for message in mailoutbox for to in message.to}
    assert len(mailoutbox) == _limit("user")


@pytest.mark.django_db
def test_many_logins_cannot_mail_one_address(client, send, mailoutbox):
    """Each login asks once to move its e-mail to the victim's address."""
    for n in range(_limit("recipient") + 2):
        client.force_login(UserFactory(password=PASSWORD))
        response = send("accounts:email_change", _email_change(VICTIM), address=f"192.0.2.{n}")

    assert _refused(response)
    assert _mails_to(mailoutbox, VICTIM) == _limit("recipient")


@pytest.mark.django_db
def test_email_change_is_limited_per_client_address(client, send, mailoutbox):
    for n in range(_limit("client")):
        client.force_login(UserFactory(password=PASSWORD))
        send("accounts:email_change", _email_change(f"new{n}@example.com"))
    client.force_login(UserFactory(password=PASSWORD))

    refused = send("accounts:email_change", _email_change("one.more@example.com"))

    assert _refused(refused)
    assert len(mailoutbox) == _limit("client")


@pytest.mark.django_db
def test_one_address_has_one_budget_across_the_forms(client, send, mailoutbox):
    """A link for registration, then e-mail changes to the same address: together they
    stop at the limit for a recipient."""
    send("accounts:register", _registration(_unregistered_account()))
    for n in range(_limit("recipient")):
        client.force_login(UserFactory(password=PASSWORD))
        response = send("accounts:email_change", _email_change(VICTIM.upper()),
                        address=f"192.0.2.{n}")

    assert _refused(response)
    assert _mails_to(mailoutbox, VICTIM) + _mails_to(mailoutbox, VICTIM.upper()) == _limit(
        "recipient")


# Questions ---------------------------------------------------------------------------

def _question(n: int) -> dict:
    return {"topic": "charges", "text": f"Вопрос номер {n}"}


@pytest.mark.django_db
def test_questions_are_limited_per_login(logged_in, send, owner):
    for n in range(_limit("user")):
        assert send("support:questions", _question(n), address=f"192.0.2.{n}").status_code == 302

    refused = send("support:questions", _question(99), address="192.0.2.99")

    assert _refused(refused)
    assert "Вопрос номер 99" in refused.content.decode()  # the text typed is kept
    assert Question.objects.filter(user=owner).count() == _limit("user")


@pytest.mark.django_db
def test_questions_are_limited_per_client_address(client, send):
    for n in range(_limit("client")):
        client.force_login(UserFactory(password=PASSWORD))
        send("support:questions", _question(n))
    client.force_login(UserFactory(password=PASSWORD))

    refused = send("support:questions", _question(99))

    assert _refused(refused)
    assert Question.objects.count() == _limit("client")
