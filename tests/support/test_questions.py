"""Questions and answers, the FAQ, the offices, the pages, and the list of sent notices."""

from decimal import Decimal

import pytest
from django.contrib.admin import helpers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from support.models import FaqEntry, Notice, NotificationChoice, Office, Question

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture
def asker(client, owner):
    NotificationChoice.objects.create(user=owner, kind="question_answered", channel="email")
    client.force_login(owner)
    return client


def _ask(client, attachment=None, text="Почему выросло начисление за октябрь?"):
    data = {"topic": "charges", "text": text}
    if attachment is not None:
        data["attachment"] = attachment
    return client.post(reverse("support:questions"), data)


def _answer(admin_client, question, text="Из-за перерасчёта по показаниям."):
    return admin_client.post(reverse("admin:support_question_change", args=[question.pk]),
                             {"answer": text})


def test_a_question_with_an_attachment_is_asked(asker, owner):
    response = _ask(asker, SimpleUploadedFile("meter.png", PNG))

    question = Question.objects.get()
    assert response["Location"] == reverse("support:question", args=[question.pk])
    assert (question.user, question.attachment_name) == (owner, "meter.png")
    file = asker.get(reverse("support:attachment", args=[question.pk]))
    assert b"".join(file.streaming_content) == PNG


@pytest.mark.parametrize(("content", "message"), [
    (b"MZ\x90\x00 a program", "Принимаются только файлы: PDF, JPEG, PNG"),
    (b"%PDF-" + b"0" * (5 * 1024 * 1024), "больше 5,0"),
])
def test_only_small_pdf_jpeg_or_png_attachments(asker, content, message):
    response = _ask(asker, SimpleUploadedFile("file.bin", content))

    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_the_attachment_is_for_the_author_and_staff_only(asker, owner, neighbour, client,
                                                         admin_client):
    _ask(asker, SimpleUploadedFile("meter.png", PNG))
    question = Question.objects.get()
    url = reverse("support:attachment", args=[question.pk])

    assert admin_client.get(url).status_code == 200
    client.force_login(neighbour)
    assert client.get(url).status_code == 404
    assert client.get(reverse("support:question", args=[question.pk])).status_code == 404


def test_staff_answer_and_the_author_sees_it_and_is_told_once(asker, admin_client, mailoutbox,
                                                              django_capture_on_commit_callbacks):
    _ask(asker)
    question = Question.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        _answer(admin_client, question)
        _answer(admin_client, question, text="Из-за перерасчёта по показаниям (уточнено).")

    page = asker.get(reverse("support:question", args=[question.pk])).content.decode()
    assert "Из-за перерасчёта по показаниям (уточнено)." in page
    [message] = mailoutbox
    assert f"/cabinet/questions/{question.pk}/" in message.body
    notices = asker.get(reverse("support:notices")).content.decode()
    assert "Ответы на мои вопросы" in notices
    assert sorted(Notice.objects.values_list("channel", "status")) == [
        ("cabinet", "sent"), ("email", "sent")]


def test_staff_make_an_faq_draft_masked_and_publish_it_and_anyone_finds_it(
        asker, owner, admin_client, client):
    account = owner.personal_accounts.get()
    _ask(asker, text=f"Я {account.last_name} {account.first_name}, {account.address}, "
                     f"счёт {account.number}, тел. +7 913 123-45-67. Как передать показания "
                     "счётчика?")
    question = Question.objects.get()
    _answer(admin_client, question, text="Во вкладке «Счётчики» с 15 по 25 число.")

    for _attempt in range(2):
        admin_client.post(reverse("admin:support_question_changelist"), {
            "action": "publish_to_faq", helpers.ACTION_CHECKBOX_NAME: [question.pk]})

    draft = FaqEntry.objects.get()
    assert draft.published_at is None
    for personal in (account.last_name, account.first_name, account.number, "913",
                     account.building.address.split(", ")[1]):
        assert personal not in draft.question, personal
    assert "Как передать показания счётчика?" in draft.question
    client.logout()
    assert "Как передать показания" not in client.get(
        reverse("support:faq"), {"q": "показания"}).content.decode()  # a draft is not public

    admin_client.post(reverse("admin:support_faqentry_changelist"), {
        "action": "publish", helpers.ACTION_CHECKBOX_NAME: [draft.pk]})

    found = client.get(reverse("support:faq"), {"q": "показания"}).content.decode()
    missed = client.get(reverse("support:faq"), {"q": "канализация"}).content.decode()
    assert "с 15 по 25 число" in found
    assert "с 15 по 25 число" not in missed
    assert account.last_name not in found
    assert account.number not in found


def test_the_nearest_office_is_shown_in_the_cabinet(asker, owner):
    building = owner.personal_accounts.get().building
    building.latitude, building.longitude = Decimal("55.0302"), Decimal("82.9204")
    building.save()
    Office.objects.create(name="Центральное", address="ул. Революции, 5", phone="290-72-90",
                          latitude=Decimal("55.0295"), longitude=Decimal("82.9218"))
    Office.objects.create(name="Левобережное", address="ул. Станиславского, 2",
                          phone="290-72-90", latitude=Decimal("54.9834"),
                          longitude=Decimal("82.8693"))

    page = asker.get(reverse("cabinet")).content.decode()

    assert "Ближайшее отделение" in page
    assert "Центральное" in page
    assert "0,1 км" in page


def test_an_office_staff_move_shows_in_the_cabinet_at_once(asker, owner):
    building = owner.personal_accounts.get().building
    building.latitude, building.longitude = Decimal("55.0302"), Decimal("82.9204")
    building.save()
    office = Office.objects.create(name="Центральное", address="ул. Революции, 5",
                                   phone="290-72-90", latitude=Decimal("55.0295"),
                                   longitude=Decimal("82.9218"))
    assert "ул. Революции, 5" in asker.get(reverse("cabinet")).content.decode()  # cached

    office.address = "Красный проспект, 1"
    office.save()

    page = asker.get(reverse("cabinet")).content.decode()
    assert "Красный проспект, 1" in page
    assert "ул. Революции, 5" not in page


@pytest.mark.parametrize(("url_name", "text"), [
    ("support:contacts", "с 12:00 до 13:00 принимаются только аварийные вызовы"),
    ("support:safety", "CVC-код"),
    ("support:hot_water", "СИБЭКО"),
    ("support:offices", "Отделения"),
    ("support:faq", "Вопрос/ответ"),
])
def test_the_public_pages(client, db, url_name, text):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert text in response.content.decode()


def test_the_safety_page_carries_all_the_advice(client, db):
    page = client.get(reverse("support:safety")).content.decode()

    for advice in ("проверьте адрес платёжного сайта",  # the bank's site
                   "спрашивают номер лицевого счёта, дату и сумму — и никогда не "
                   "спрашивают данные карты",
                   "антивирус",
                   "Не открывайте ссылки и вложения в подозрительных письмах"):
        assert advice in page


def test_asking_needs_a_login(client, db):
    assert client.get(reverse("support:questions"))["Location"].startswith(
        reverse("accounts:login"))


def test_with_email_off_the_answer_still_reaches_the_cabinet(asker, owner, admin_client,
                                                             mailoutbox,
                                                             django_capture_on_commit_callbacks):
    NotificationChoice.objects.filter(user=owner).delete()
    _ask(asker)
    question = Question.objects.get()
    before = asker.get(reverse("cabinet")).content.decode()  # the tab is now cached

    with django_capture_on_commit_callbacks(execute=True):
        _answer(admin_client, question)

    information = asker.get(reverse("cabinet")).content.decode()
    question.refresh_from_db()
    answered_on = timezone.localtime(question.answered_at)
    assert "ответило на ваш вопрос" not in before
    assert (f'<a href="/cabinet/questions/{question.pk}/">Предприятие ответило на ваш вопрос '
            f"на тему «Начисления и оплата» {answered_on:%d.%m.%Y}</a>") in information
    notices = asker.get(reverse("support:notices")).content.decode()
    assert "Ответы на мои вопросы" in notices
    assert "В личном кабинете: отправлено" in notices
    assert mailoutbox == []
    assert list(Notice.objects.values_list("channel", "status")) == [("cabinet", "sent")]
