"""A push subscription's address comes from a resident's browser, so it is an address a
resident chose. The portal takes only https on the browsers' push services, posts only to
public addresses (checked when it sends, and on the socket), follows no redirect, waits a
bounded time, keeps a few devices a login, never hands one login's device to another, and
forgets a login's devices when its password changes."""

import json
import logging
import time

import pytest
import requests
from django.urls import reverse

from support.models import Notice, NotificationChoice, PushSubscription, Question
from support.push import push_session
from support.tasks import fan_out_question_answered
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.push_service import browser_keys


def _subscribe(client, endpoint: str):
    _private, p256dh, _auth, auth = browser_keys()
    return client.post(reverse("support:push_subscribe"), json.dumps(
        {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}),
        content_type="application/json", HTTP_USER_AGENT="Mozilla/5.0 (Android 14) Chrome/130")


@pytest.fixture
def production_push(settings):
    """Push as production has it: no loopback test service."""
    settings.WEB_PUSH_LOOPBACK_SERVICE = False


@pytest.mark.parametrize("endpoint", [
    "https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b",
    "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk",
    "https://web.push.apple.com/QGuQyavXutnMk",
    "https://wns2-par02p.notify.windows.com/w/?token=BQYAAAB",
])
def test_the_browsers_push_services_are_taken(logged_in, production_push, endpoint):
    response = _subscribe(logged_in, endpoint)

    assert response.status_code == 201
    assert PushSubscription.objects.get().endpoint == endpoint


@pytest.mark.parametrize("endpoint", [
    "http://127.0.0.1:8000/admin/",  # loopback
    "https://127.0.0.1/push",
    "https://169.254.169.254/latest/meta-data/",  # a cloud's metadata
    "https://10.0.0.5/push",  # a private range
    "https://[::1]/push",
    "http://fcm.googleapis.com/fcm/send/x",  # not https
    "ftp://fcm.googleapis.com/fcm/send/x",
    "https://fcm.googleapis.com:8443/fcm/send/x",  # another port
    "https://fcm.googleapis.com.attacker.example/x",  # a look-alike host
    "https://attacker.example/?fcm.googleapis.com",
    "https://user:secret@fcm.googleapis.com/x",
    "https://push.apple.com.attacker.example/x",
])
def test_any_other_address_is_refused(logged_in, production_push, endpoint):
    response = _subscribe(logged_in, endpoint)

    assert response.status_code == 400
    assert response.json()["message"] == (
        "Портал не отправляет уведомления через push-сервис этого браузера.")
    assert not PushSubscription.objects.exists()


def test_the_loopback_test_service_is_refused_outside_the_tests(logged_in, production_push,
                                                                push_service):
    url, _service = push_service

    assert _subscribe(logged_in, f"{url}/push/1").status_code == 400


@pytest.fixture
def answered(owner):
    NotificationChoice.objects.create(user=owner, kind="question_answered", channel="push")
    return Question.objects.create(user=owner, topic="charges", text="Почему так много?",
                                   answer="Перерасчёт.", answered_at="2026-12-01T10:00:00Z")


def _device(owner, endpoint: str) -> PushSubscription:
    _private, p256dh, _auth, auth = browser_keys()
    return PushSubscription.objects.create(user=owner, endpoint=endpoint, p256dh=p256dh,
                                           auth=auth)


def test_a_known_host_that_resolves_to_a_private_address_is_not_posted_to(
        owner, answered, settings, production_push, caplog):
    # DNS can change after the subscription was taken: the name is resolved at each send.
    settings.WEB_PUSH_SERVICE_HOSTS = ["localhost"]
    _device(owner, "https://localhost/push/1")

    with caplog.at_level(logging.WARNING, logger="support.push"):
        fan_out_question_answered(answered.pk)

    assert "resolves to 127.0.0.1" in caplog.text
    assert Notice.objects.get(channel="push").status != Notice.Status.SENT
    assert PushSubscription.objects.exists()  # a temporary refusal forgets nothing


def test_a_socket_to_a_private_address_is_closed_before_a_byte_is_sent(production_push,
                                                                       push_service):
    url, service = push_service

    with push_session() as session, pytest.raises(requests.ConnectionError,
                                                  match="not a public address"):
        session.post(f"{url}/push/1", data=b"secret", timeout=5)

    assert service.received == []


def test_a_device_kept_from_before_the_rule_is_forgotten_unsent(owner, answered,
                                                                production_push):
    _device(owner, "https://push.attacker.example/collect")

    fan_out_question_answered(answered.pk)

    assert not PushSubscription.objects.exists()


def test_a_redirect_is_not_followed(owner, answered, push_service):
    url, service = push_service
    service.answers["/push/1"] = ("redirect", "/internal/delete-everything")
    _device(owner, f"{url}/push/1")

    fan_out_question_answered(answered.pk)

    assert [(method, path) for method, path, *_rest in service.received] == [("POST", "/push/1")]
    assert Notice.objects.get(channel="push").status != Notice.Status.SENT
    assert PushSubscription.objects.exists()


def test_a_push_service_that_does_not_answer_is_given_up_in_time(owner, answered, settings,
                                                                 push_service):
    settings.WEB_PUSH_TIMEOUT_SECONDS = 0.5
    url, service = push_service
    service.answers["/push/1"] = ("slow", 3)
    _device(owner, f"{url}/push/1")
    started = time.monotonic()

    fan_out_question_answered(answered.pk)

    assert time.monotonic() - started < 2.5
    assert Notice.objects.get(channel="push").status != Notice.Status.SENT


def test_a_login_has_a_few_devices_at_most(logged_in, owner, settings):
    settings.WEB_PUSH_DEVICES_PER_LOGIN = 2
    answers = [_subscribe(logged_in, f"https://fcm.googleapis.com/fcm/send/{n}").status_code
               for n in range(3)]

    assert answers == [201, 201, 409]
    assert owner.push_subscriptions.count() == 2
    refused = _subscribe(logged_in, "https://fcm.googleapis.com/fcm/send/9")
    assert refused.json()["message"] == (
        "Push-уведомления уже включены на 2 устройствах — это предел. Сначала удалите одно из "
        "них в списке ниже.")
    again = _subscribe(logged_in, "https://fcm.googleapis.com/fcm/send/0")  # a device it has
    assert again.status_code == 201


def test_another_logins_device_is_refused_not_moved(logged_in, neighbour):
    theirs = _device(neighbour, "https://fcm.googleapis.com/fcm/send/neighbours-phone")

    response = _subscribe(logged_in, theirs.endpoint)

    assert response.status_code == 409
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [neighbour.pk]


def test_a_password_change_forgets_the_logins_devices(logged_in, owner, neighbour):
    _device(owner, "https://fcm.googleapis.com/fcm/send/mine")
    theirs = _device(neighbour, "https://fcm.googleapis.com/fcm/send/theirs")

    logged_in.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Another-Horse-Battery-8",
        "new_password2": "Another-Horse-Battery-8"})

    assert list(PushSubscription.objects.all()) == [theirs]


def test_a_password_set_by_staff_forgets_them_too(db):
    user = UserFactory(password=PASSWORD)
    _device(user, "https://fcm.googleapis.com/fcm/send/mine")

    user.set_password("Staff-Set-Password-9")
    user.save()

    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize("body", ['{"endpoint":' + "[" * 100_000 + "]" * 100_000 + "}",
                                  '{"endpoint": "https://fcm.googleapis.com/x", "keys": '
                                  '{"p256dh": {"a": [1]}, "auth": 5}}', "\xff\xfe"])
def test_a_malformed_push_subscription_is_a_400(logged_in, body):
    logged_in.raise_request_exception = False

    response = logged_in.post(reverse("support:push_subscribe"), body,
                              content_type="application/json")

    assert response.status_code == 400
