"""«Задать вопрос» without a login: a name and an e-mail, the answer by e-mail, limited per
address and per e-mail; staff see guests' questions beside residents'."""

import pytest
from django.urls import reverse

from support.models import Question
from vodokanal.models import AuditEntry

GUEST = {"name": "Анна Петрова", "email": "anna@example.com", "account_number": "",
         "topic": "supply", "text": "Когда дадут воду на ул. Ленина?"}


def _ask(client, address="127.0.0.1", **changes):
    return client.post(reverse("support:ask"), {**GUEST, **changes}, REMOTE_ADDR=address)


def test_everyone_finds_ask_a_question_in_the_main_menu(client, db):
    home = client.get(reverse("home")).content.decode()

    assert f'<a href="{reverse("support:ask")}">Задать вопрос</a>' in home


def test_a_guest_asks_with_a_name_and_an_email(client, db):
    response = _ask(client, account_number="01 1234567")

    assert response.status_code == 200
    assert "Ответ придёт на anna@example.com" in response.content.decode()
    question = Question.objects.get()
    assert (question.user, question.guest_name, question.guest_email,
            question.guest_account_number) == (None, "Анна Петрова", "anna@example.com",
                                               "01-1234567")
    assert AuditEntry.objects.filter(action="support.guest_question_asked").exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"email": "not-an-address"}, "Введите правильный адрес электронной почты"),
    ({"name": ""}, "Обязательное поле"),
    ({"account_number": "12-3456789012"}, "две цифры, дефис и семь цифр"),
    ({"text": ""}, "Обязательное поле"),
])
def test_bad_input_gets_a_message(client, db, changes, message):
    response = _ask(client, **changes)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_the_answer_goes_to_the_guests_email(client, admin_client, mailoutbox,
                                             django_capture_on_commit_callbacks):
    _ask(client)
    question = Question.objects.get()
    changelist = admin_client.get(reverse("admin:support_question_changelist")).content.decode()
    assert "Анна Петрова &lt;anna@example.com&gt; (гость)" in changelist

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:support_question_change", args=[question.pk]),
                          {"answer": "Подача восстановлена в 18:00."})
    with django_capture_on_commit_callbacks(execute=True):  # an edit is not sent again
        admin_client.post(reverse("admin:support_question_change", args=[question.pk]),
                          {"answer": "Подача восстановлена в 18:00 (уточнено)."})

    [message] = mailoutbox
    assert message.to == ["anna@example.com"]
    assert "Подача восстановлена в 18:00." in message.body
    assert "Когда дадут воду на ул. Ленина?" in message.body


def test_guests_are_limited_per_address(client, db, settings):
    settings.FORM_LIMITS_PER_HOUR = {**settings.FORM_LIMITS_PER_HOUR, "client": 2}

    statuses = [_ask(client, email=f"guest{n}@example.com").status_code for n in range(3)]

    assert statuses == [200, 200, 429]
    assert Question.objects.count() == 2


def test_guests_are_limited_per_email(client, db, settings):
    limit = settings.FORM_LIMITS_PER_HOUR["recipient"]

    responses = [_ask(client, address=f"10.0.0.{n}") for n in range(limit + 1)]

    assert [r.status_code for r in responses] == [200] * limit + [429]
    assert "Слишком много попыток" in responses[-1].content.decode()


def test_a_login_asks_in_the_cabinet(logged_in):
    assert logged_in.get(reverse("support:ask"))["Location"] == reverse("support:questions")
