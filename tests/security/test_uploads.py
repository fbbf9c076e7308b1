"""Uploads, across every place that takes one: stored under a random name, never at a
public URL, handed out only through a permission check. Size and type rules per form
are in tests/support/test_questions.py and tests/billing/test_legal_entities.py."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from support.models import Question
from tests.factories import OrganisationUserFactory

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
