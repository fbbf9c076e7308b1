"""SMS through the gateway's HTTP API, against a fake gateway speaking it on loopback."""

import json
import threading
from datetime import date
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from billing.models import Tariff
from billing.services import tariff_publish
from support.models import Notice, NotificationChoice
from tests.factories import PersonalAccountFactory, UserFactory


class FakeGateway(BaseHTTPRequestHandler):
    """Records what it is sent; answers with the status the test sets."""

    received: list
    answer_status = 200

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append((self.headers["Authorization"],
                                     json.loads(self.rfile.read(length))))
        self.send_response(self.server.answer_status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"status": "accepted", "id": "sms-1"}).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGateway)
    server.received, server.answer_status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_URL = f"http://127.0.0.1:{server.server_port}/v1/messages"
    settings.SMS_TOKEN = "sms-secret"
    yield server
    server.shutdown()


@pytest.fixture
def subscriber(db):
    user = UserFactory(phone="+79131234567")
    PersonalAccountFactory(user=user)
    NotificationChoice.objects.create(user=user, kind="tariff_change", channel="sms")
    return user


def _publish(django_capture_on_commit_callbacks):
    tariff = Tariff.objects.create(service="sewerage", category="apartment",
                                   valid_from=date(2027, 1, 1), price=Decimal("38.40"))
    with django_capture_on_commit_callbacks(execute=True):
        tariff_publish(tariff=tariff, actor=None)


def test_an_sms_goes_to_the_gateway_once(gateway, subscriber,
                                         django_capture_on_commit_callbacks):
    _publish(django_capture_on_commit_callbacks)

    [(authorization, body)] = gateway.received
    assert authorization == "Bearer sms-secret"
    assert body["phone"] == "+79131234567"
    assert "38,40" in body["text"]
    assert Notice.objects.get().status == "sent"


@pytest.mark.parametrize(("status", "error"), [(503, "503"), (400, "refused")])
def test_a_gateway_that_refuses_leaves_the_notice_failed(gateway, subscriber, status, error,
                                                         django_capture_on_commit_callbacks):
    gateway.answer_status = status

    _publish(django_capture_on_commit_callbacks)

    notice = Notice.objects.get()
    assert notice.status == "failed"
    assert error in notice.last_error
