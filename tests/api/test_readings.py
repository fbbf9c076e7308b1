"""Readings through the API: the same service, rules and messages as the Meters form, an
audit row naming the token, and an Idempotency-Key that makes a retry apply once, at the
same moment too."""

import json
import threading
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.services import access_token_issue
from meters.models import Reading
from tests.conftest import PASSWORD
from tests.factories import MeterFactory, PersonalAccountFactory, UserFactory
from vodokanal.models import AuditEntry

IN_THE_WINDOW = date(2026, 11, 20)


@pytest.fixture
def resident(db):
    user = UserFactory(password=PASSWORD)
    account = PersonalAccountFactory(user=user)
    meter = MeterFactory(account=account, water="cold", initial_reading=Decimal("100"))
    token = access_token_issue(user=user, name="Waterius", scopes=["read", "readings"],
                               days=365)
    return user, account, meter, token


def _send(resident, readings, *, key="retry-0001", confirm_high=False, day=IN_THE_WINDOW):
    _user, account, _meter, token = resident
    with time_machine.travel(day, tick=False):
        return Client().post(
            reverse("api:readings", args=[account.number]),
            json.dumps({"readings": readings, "confirm_high": confirm_high}),
            content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token.plain}",
            HTTP_IDEMPOTENCY_KEY=key, HTTP_ACCEPT_LANGUAGE="ru")


def _form(client, meter, value, day=IN_THE_WINDOW):
    with time_machine.travel(day, tick=False):
        return client.post(reverse("meters:meters"), {f"meter_{meter.pk}": value}, follow=True)


def test_a_reading_is_accepted_and_the_audit_row_names_the_token(resident):
    _user, _account, meter, token = resident

    response = _send(resident, [{"meter": meter.pk, "value": "106.5"}])

    assert response.status_code == 201
    assert response.json() == {"period": "2026-11-01", "readings": [
        {"meter": meter.pk, "value": "106.500", "consumption": "6.500",
         "high_consumption": False}]}
    entry = AuditEntry.objects.get(action="meters.readings_submitted")
    assert entry.data["via"] == f"token:{token.token.pk}"


@pytest.mark.parametrize(("value", "confirm"), [
    ("106.5", False),  # accepted
    ("50", False),  # lower than the last: refused with the form's message
    ("160", False),  # high use: needs the confirmation
    ("160", True),  # confirmed: accepted and flagged
])
def test_the_api_and_the_form_give_the_same_result(resident, value, confirm):
    form_user = UserFactory(password=PASSWORD)
    form_account = PersonalAccountFactory(user=form_user)
    form_meter = MeterFactory(account=form_account, water="cold",
                              initial_reading=Decimal("100"))
    client = Client()
    client.force_login(form_user)
    _user, _account, api_meter, _token = resident

    if confirm:
        page = _confirmed_form(client, form_meter, value)
    else:
        page = _form(client, form_meter, value.replace(".", ",")).content.decode()
    api = _send(resident, [{"meter": api_meter.pk, "value": value}], confirm_high=confirm)

    form_saved = list(Reading.objects.filter(meter=form_meter).values_list(
        "period", "value", "consumption", "high_consumption"))
    api_saved = list(Reading.objects.filter(meter=api_meter).values_list(
        "period", "value", "consumption", "high_consumption"))
    assert form_saved == api_saved
    if not api_saved:
        assert api.status_code == 422
        [message] = api.json()["errors"]["readings"][str(api_meter.pk)]
        assert message.split(" ")[0] in page  # the same words, in Russian
        assert api["Content-Type"] == "application/problem+json"


def _confirmed_form(client, meter, value):
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        return client.post(reverse("meters:meters"), {f"meter_{meter.pk}": value,
                                                      f"confirm_{meter.pk}": value},
                           follow=True).content.decode()


def test_a_retry_with_the_same_key_applies_once_and_answers_the_same(resident):
    _user, _account, meter, _token = resident
    first = _send(resident, [{"meter": meter.pk, "value": "106.5"}])
    _send(resident, [{"meter": meter.pk, "value": "107"}], key="another-key")  # a correction

    again = _send(resident, [{"meter": meter.pk, "value": "106.5"}])

    assert again.status_code == 201
    assert again.json() == first.json()
    assert Reading.objects.get(meter=meter).value == Decimal("107.000")  # not undone
    assert AuditEntry.objects.filter(action="meters.readings_submitted").count() == 2


def test_the_same_key_with_another_request_is_refused(resident):
    _user, _account, meter, _token = resident
    _send(resident, [{"meter": meter.pk, "value": "106.5"}])

    response = _send(resident, [{"meter": meter.pk, "value": "108"}])

    assert response.status_code == 422
    assert Reading.objects.get(meter=meter).value == Decimal("106.500")


@pytest.mark.parametrize("key", [None, "short", "has spaces in it", "x" * 300])
def test_a_missing_or_malformed_key_is_400(resident, key):
    _user, account, meter, token = resident
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    with time_machine.travel(IN_THE_WINDOW, tick=False):
        response = Client().post(reverse("api:readings", args=[account.number]),
                                  json.dumps({"readings": [{"meter": meter.pk, "value": "1"}]}),
                                  content_type="application/json",
                                  HTTP_AUTHORIZATION=f"Bearer {token.plain}", **headers)

    assert response.status_code == 400
    assert not Reading.objects.exists()


def test_outside_the_window_with_late_readings_off_is_409(resident):
    from meters.models import ReadingRules

    ReadingRules.objects.update_or_create(pk=1, defaults={"late_readings_accepted": False})
    _user, _account, meter, _token = resident

    response = _send(resident, [{"meter": meter.pk, "value": "106.5"}], day=date(2026, 11, 27))

    assert response.status_code == 409
    assert "15" in response.json()["detail"]


def test_a_read_only_token_cannot_submit(resident):
    user, account, meter, _token = resident
    read_only = access_token_issue(user=user, name="ro", scopes=["read"], days=30)

    response = Client().post(reverse("api:readings", args=[account.number]),
                             json.dumps({"readings": [{"meter": meter.pk, "value": "1"}]}),
                             content_type="application/json",
                             HTTP_AUTHORIZATION=f"Bearer {read_only.plain}",
                             HTTP_IDEMPOTENCY_KEY="read-only-1")

    assert response.status_code == 403


@pytest.mark.django_db(transaction=True)
def test_the_same_key_at_the_same_moment_writes_once(transactional_db):
    user = UserFactory(password=PASSWORD)
    account = PersonalAccountFactory(user=user)
    meter = MeterFactory(account=account, water="cold", initial_reading=Decimal("100"))
    token = access_token_issue(user=user, name="twice", scopes=["readings"], days=30)
    resident = (user, account, meter, token)
    answers, start = [], threading.Barrier(2)

    def send():
        start.wait()
        try:
            answers.append(_send(resident, [{"meter": meter.pk, "value": "106.5"}],
                                 key="same-moment-1"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json() == answers[1].json()
    assert AuditEntry.objects.filter(action="meters.readings_submitted").count() == 1
