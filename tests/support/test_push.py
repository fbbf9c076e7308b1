"""Web Push as a channel of the outbox, against a push service on loopback that takes the
encrypted request as a real one does: decrypted with the device's keys, the payload is the
notice, signed with the server's VAPID key, once per notice; a device the service no longer
knows is forgotten. And turning push on and off per device."""

import json
import time

import http_ece
import pytest
from django.urls import reverse
from py_vapid import jwt as vapid_jwt

from support.models import Notice, NotificationChoice, PushSubscription, Question
from support.tasks import fan_out_question_answered
from tests.push_service import browser_keys


@pytest.fixture
def device(owner, push_service):
    """A browser's keys, and its subscription at the loopback push service."""
    private, p256dh, auth, auth_text = browser_keys()
    url, _handler = push_service
    PushSubscription.objects.create(user=owner, endpoint=f"{url}/push/1", p256dh=p256dh,
                                    auth=auth_text, device="Android Chrome")
    NotificationChoice.objects.create(user=owner, kind="question_answered", channel="push")
    return private, auth


def _answered(owner) -> Question:
    return Question.objects.create(user=owner, topic="charges", text="Почему так много?",
                                   answer="Перерасчёт.", answered_at="2026-12-01T10:00:00Z")


def test_an_answer_reaches_the_device_encrypted_signed_and_once(owner, device,
                                                                push_service, settings):
    private, auth = device
    url, service = push_service
    question = _answered(owner)

    fan_out_question_answered(question.pk)
    fan_out_question_answered(question.pk)  # a fan-out run twice sends nothing twice

    [(_method, path, headers, body)] = service.received
    assert path == "/push/1"
    message = json.loads(http_ece.decrypt(body, private_key=private, auth_secret=auth,
                                          version="aes128gcm"))
    assert message["title"] == "На ваш вопрос ответили"
    assert message["body"]  # the notice's SMS text
    assert message["url"].endswith(reverse("support:notices"))
    assert headers["content-encoding"] == "aes128gcm"
    scheme, credentials = headers["authorization"].split(" ", 1)
    fields = dict(part.split("=", 1) for part in credentials.split(","))
    assert scheme == "vapid"
    assert fields["k"] == settings.WEB_PUSH_VAPID_PUBLIC_KEY
    claims = vapid_jwt.decode(fields["t"], fields["k"])
    assert claims["aud"] == url
    assert claims["exp"] > time.time()
    assert claims["sub"] == settings.WEB_PUSH_CONTACT
    assert Notice.objects.get(channel="push").status == Notice.Status.SENT


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_the_push_service_no_longer_knows_is_forgotten(owner, device, push_service,
                                                                status):
    _url, service = push_service
    service.answers["/push/1"] = status

    fan_out_question_answered(_answered(owner).pk)

    assert not PushSubscription.objects.exists()


def test_push_is_offered_per_kind_and_turned_on_per_device(logged_in, owner):
    body = {"endpoint": "https://fcm.googleapis.com/fcm/send/abc", "keys": {
        "p256dh": "B" + "A" * 86, "auth": "A" * 22}}

    response = logged_in.post(reverse("support:push_subscribe"), json.dumps(body),
                              content_type="application/json",
                              HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14) Chrome/130")
    page = logged_in.get(reverse("support:notice_settings")).content.decode()

    assert response.status_code == 201
    assert 'name="question_answered__push"' in page
    assert 'name="paperless_receipt__push"' not in page  # a receipt is a PDF: e-mail only
    assert "Android Chrome" in page


@pytest.mark.parametrize("body", ["not json", "[]", '{"endpoint": "x"}',
                                  '{"endpoint": "javascript:alert(1)", "keys": {}}'])
def test_a_bad_subscription_is_refused(logged_in, body):
    response = logged_in.post(reverse("support:push_subscribe"), body,
                              content_type="application/json")

    assert response.status_code == 400
    assert not PushSubscription.objects.exists()


def test_only_the_owner_removes_a_device(logged_in, owner, neighbour):
    theirs = PushSubscription.objects.create(user=neighbour, endpoint="https://p.example/1",
                                             p256dh="B" * 87, auth="A" * 22)
    mine = PushSubscription.objects.create(user=owner, endpoint="https://p.example/2",
                                           p256dh="B" * 87, auth="A" * 22)

    logged_in.post(reverse("support:push_remove", args=[theirs.pk]))
    logged_in.post(reverse("support:push_remove", args=[mine.pk]))

    assert list(PushSubscription.objects.all()) == [theirs]
