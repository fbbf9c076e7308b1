"""The API answers bad input with an RFC 9457 problem and a 4xx, never a 500: a receipt of
a year no account has, JSON nested without end, a media type it does not take; the
schema's 429 is a problem too; its per-address limit counts the client our proxies name,
and tokens that open nothing are limited per address as well."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import access_token_issue
from vodokanal.api.throttles import PerTokenThrottle


@pytest.fixture
def token(owner) -> str:
    return access_token_issue(user=owner, name="t", scopes=["read", "readings", "payments"],
                              days=30).plain


@pytest.fixture
def api():
    return Client(raise_request_exception=False)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.mark.parametrize("year", [0, 1, 1999, 2101, 99999])
def test_a_receipt_of_a_year_out_of_range_is_a_404_problem(api, owner, token, year):
    number = owner.personal_accounts.get().number

    response = api.get(f"/api/v1/accounts/{number}/receipts/{year}-01.pdf",
                       HTTP_AUTHORIZATION=f"Bearer {token}")

    assert _problem(response, 404)["title"] == "Не найдено"


@pytest.mark.parametrize("path", ["readings", "payment-links"])
@pytest.mark.parametrize("body", ['{"readings":' + "[" * 100_000 + "]" * 100_000 + "}",
                                  "[" * 50 + "]" * 50, '{"amount": NaN}'])
def test_json_nested_without_end_is_a_400_problem(api, owner, token, path, body):
    number = owner.personal_accounts.get().number

    response = api.post(f"/api/v1/accounts/{number}/{path}/", body,
                        content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
                        HTTP_IDEMPOTENCY_KEY="key-00000001")

    assert _problem(response, 400)["detail"] == "Тело запроса — не тот JSON, который принимает API."


def test_a_media_type_not_taken_is_a_415_with_a_title_that_reads(api, owner, token):
    number = owner.personal_accounts.get().number

    response = api.post(f"/api/v1/accounts/{number}/readings/", "x", content_type="text/plain",
                        HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_IDEMPOTENCY_KEY="key-00000001")

    problem = _problem(response, 415)
    assert "{" not in problem["title"]
    assert "text/plain" in problem["title"]


def test_the_schema_answers_its_429_as_a_problem(api, db, monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "2/hour"})
    answers = [api.get(reverse("api:schema")) for _attempt in range(3)]

    assert [answer.status_code for answer in answers[:2]] == [200, 200]
    problem = _problem(answers[2], 429)
    assert int(answers[2]["Retry-After"]) > 0
    assert problem["status"] == 429


def test_the_per_address_limit_counts_the_client_our_proxies_name(api, db, monkeypatch,
                                                                  settings):
    settings.TRUSTED_PROXY_COUNT = 1
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "2/hour"})

    # One client forging a new X-Forwarded-For each time: the proxy appends the real one.
    answers = [api.get(reverse("api:schema"),
                       HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.5").status_code
               for n in range(3)]

    assert answers == [200, 200, 429]
    another = api.get(reverse("api:schema"), HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert another.status_code == 200


def test_made_up_tokens_are_limited_per_address(api, db, settings):
    settings.API_WRONG_TOKENS_PER_ADDRESS = "3/hour"
    answers = [api.get(reverse("api:accounts"), HTTP_AUTHORIZATION=f"Bearer pat_guess{n}",
                       REMOTE_ADDR="203.0.113.9") for n in range(4)]

    assert [answer.status_code for answer in answers] == [401, 401, 401, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    elsewhere = api.get(reverse("api:accounts"), HTTP_AUTHORIZATION="Bearer pat_guess",
                        REMOTE_ADDR="198.51.100.9")
    assert elsewhere.status_code == 401


def test_api_answers_are_never_stored(api, owner, token):
    response = api.get(reverse("api:accounts"), HTTP_AUTHORIZATION=f"Bearer {token}")
    problem = api.get(reverse("api:accounts"))

    for answer in (response, problem):
        assert "no-store" in answer["Cache-Control"]
        assert "private" in answer["Cache-Control"]
    assert json.loads(response.content)[0]["number"] == owner.personal_accounts.get().number
