"""Uploads, across every place that takes one: stored under a random name, never at a
public URL, handed out only through a permission check. Size and type rules per form
are in tests/support/test_questions.py and tests/billing/test_legal_entities.py."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from support.models import Question
from tests.factories import OrganisationUserFactory, published_document

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _stored_question_attachment(client, owner):
    client.force_login(owner)
    client.post(reverse("support:questions"), {
        "topic": "charges", "text": "Вопрос с фото счётчика",
        "attachment": SimpleUploadedFile("../../etc/passwd.png", PNG)})
    question = Question.objects.get()
    return question.attachment, reverse("support:attachment", args=[question.pk])


def test_an_upload_gets_a_random_name_and_no_public_url(client, owner, neighbour):
    stored, private_url = _stored_question_attachment(client, owner)

    assert "passwd" not in stored.name
    assert ".." not in stored.name
    assert (settings.MEDIA_ROOT / stored.name).is_file()
    client.force_login(neighbour)
    for public in (f"{settings.MEDIA_URL}{stored.name}", f"/{stored.name}",
                   f"{settings.STATIC_URL}{stored.name}"):
        assert client.get(public).status_code == 404, public
    assert client.get(private_url).status_code == 404


def test_a_private_file_is_never_cached_on_the_way(client, owner):
    _stored, private_url = _stored_question_attachment(client, owner)

    response = client.get(private_url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("attachment")


def test_an_organisation_cannot_fetch_a_residents_attachment(client, owner):
    _stored, private_url = _stored_question_attachment(client, owner)

    client.force_login(OrganisationUserFactory())

    assert client.get(private_url).status_code == 404


PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.mark.parametrize(("given", "content", "label", "content_type"), [
    ("receipt.pdf.bat", PDF, "receipt.pdf", "application/pdf"),
    ("счётчик.exe", PNG, "счётчик.png", "image/png"),
    ("photo.pdf", b"\xff\xd8\xff\xe0" + b"0" * 64, "photo.jpg", "image/jpeg"),
    ("..\\..\\boot.ini.png", PNG, "boot.png", "image/png"),
    ("\x00\x1b[31m.png", PNG, "[31m.png", "image/png"),
    (".htaccess", PDF, "file.pdf", "application/pdf"),
])
def test_an_upload_is_stored_and_served_as_the_type_of_its_content(client, owner, given,
                                                                   content, label,
                                                                   content_type):
    client.force_login(owner)
    client.post(reverse("support:questions"), {
        "topic": "charges", "text": "Вопрос с файлом",
        "attachment": SimpleUploadedFile(given, content, content_type="application/x-msdos")})
    question = Question.objects.get()

    response = client.get(reverse("support:attachment", args=[question.pk]))

    assert question.attachment_name == label
    assert question.attachment.name.endswith("." + label.rsplit(".", 1)[1])
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert label.rsplit(".", 1)[1] in response["Content-Disposition"]
    assert ".bat" not in response["Content-Disposition"]
    assert ".exe" not in response["Content-Disposition"]


def test_a_legal_entitys_signed_copy_is_stored_as_what_it_is(client, db):
    from billing.models import DocumentReply

    company = OrganisationUserFactory()
    document = published_document(company.organisation, number="Д-9", title="Акт", content=PDF)
    client.force_login(company)

    client.post(reverse("billing:document", args=[document.pk]), {
        "reply-kind": "signed", "reply-file": SimpleUploadedFile("signed.pdf.bat", PDF)})

    reply = DocumentReply.objects.get()
    assert (reply.original_name, reply.file.name.rsplit(".", 1)[1]) == ("signed.pdf", "pdf")
