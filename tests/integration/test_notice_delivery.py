"""A real Celery worker sends an answer's notice over SMTP: once, even if the sink was down."""

import time
import uuid

import pytest
from aiosmtpd.controller import Controller

from support.models import Notice, NotificationChoice, Question
from support.services import question_answer
from tests.factories import UserFactory
from tests.integration.conftest import Process
from tests.loopback import free_port
from vodokanal.celery import app as celery_app

pytestmark = pytest.mark.integration
DEADLINE_SECONDS = 60


class Sink:
    """The SMTP server's handler: keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


@pytest.fixture
def worker(production_environment, transactional_db, tmp_path):
    port = free_port()
    hostname = f"mail-{uuid.uuid4().hex[:8]}@localhost"
    process = Process("worker", {**production_environment, "CELERY_HOSTNAME": hostname,
                                 "EMAIL_URL": f"smtp://127.0.0.1:{port}",
                                 "NOTICE_RETRY_SECONDS": "1"}, tmp_path / "worker.log")
    _wait(lambda: celery_app.control.ping(destination=[hostname], timeout=1), process,
          "worker")
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False  # this test's tasks go to the real worker
    yield port, process
    celery_app.conf.task_always_eager = eager
    assert process.stop() == 0, process.output()


def test_an_answer_reaches_the_author_once_after_the_sink_comes_up(worker, db):
    port, process = worker
    author = UserFactory(email="author@example.com")
    NotificationChoice.objects.create(user=author, kind="question_answered", channel="email")
    question = Question.objects.create(user=author, topic="meters", text="Когда поверка?")
    staff = UserFactory(kind="staff", is_staff=True)

    question_answer(question=question, staff=staff, answer="Через месяц.")  # mail server down
    _wait(lambda: Notice.objects.filter(attempts__gte=2).exists(), process, "a retry")
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        _wait(lambda: sink.messages, process, "the message")
        time.sleep(3)  # any second copy would have arrived by now
    finally:
        controller.stop()

    [(recipients, content)] = sink.messages
    assert recipients == ["author@example.com"]
    assert f"/cabinet/questions/{question.pk}/" in content
    notice = Notice.objects.get(channel="email")
    assert (notice.status, notice.last_error) == ("sent", "")
    assert Notice.objects.get(channel="cabinet").status == "sent"  # the cabinet's, at once


def _wait(check, process, what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not check():
        assert process.alive(), process.output()
        assert time.monotonic() < deadline, f"no {what} in {DEADLINE_SECONDS} s:\n" + (
            process.output())
        time.sleep(0.3)
