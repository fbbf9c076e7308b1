"""The API in the site's two languages: the schema and its documentation page by `?lang=`,
the problems' words by the request's Accept-Language (Russian when it names none)."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import access_token_issue
from tests.factories import MeterFactory

BALANCE = "/api/v1/accounts/{number}/balance/"


def _schema(lang: str) -> dict:
    response = Client().get(reverse("api:schema"), {"lang": lang, "format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(("lang", "title", "balance"), [
    ("ru", "API личного кабинета абонента", "Баланс лицевого счёта сейчас"),
    ("en", "Customer portal API", "The account's balance now"),
])
def test_the_schema_is_described_in_either_language(db, lang, title, balance):
    schema = _schema(lang)

    assert schema["info"]["title"] == title
    assert schema["paths"][BALANCE]["get"]["description"].startswith(balance)


def test_the_field_descriptions_are_translated_too(db):
    fields = _schema("ru")["components"]["schemas"]["ReadingsInRequest"]["properties"]

    assert "подтверждает" in fields["confirm_high"]["description"]


def test_the_docs_page_names_its_language_in_its_address(client, db):
    response = client.get(reverse("api:docs"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs/?lang=en"


@pytest.mark.parametrize(("lang", "other"), [("ru", "English"), ("en", "Русский")])
def test_the_docs_page_in_either_language_offers_the_other(client, db, lang, other):
    page = client.get(reverse("api:docs"), {"lang": lang}).content.decode()

    assert f'<html lang="{lang}">' in page
    assert re.search(rf'<a href="\?lang=\w+"[^>]*>{other}</a>', page)
    [script] = re.findall(r'<script src="([^"]*\?[^"]*script[^"]*)"', page)
    assert f"lang={lang}" in script
    start_up = client.get(script.replace("&amp;", "&")).content.decode()
    [schema_url] = re.findall(r'url: ("[^"]*")', start_up)
    assert json.loads(schema_url) == f"/api/v1/schema/?lang={lang}"  # in the page's language
    # The site's CSP allows no inline style or script: every one is a file of the site.
    assert "<style" not in page
    assert "style=" not in page
    assert all(tag.startswith('<script src="/') for tag in re.findall(r"<script[^>]*>", page))


@pytest.fixture
def token(owner):
    return access_token_issue(user=owner, name="Waterius", scopes=["read", "readings"],
                              days=30).plain


@pytest.mark.parametrize(("language", "unknown_meter", "bad_token"), [
    ("ru", "Такого счётчика здесь нет.", "Токен неверный, истёк или отозван."),
    ("en", "There is no such meter here.", "The token is invalid, expired or revoked."),
])
def test_problems_are_told_in_the_requests_language(owner, token, language, unknown_meter,
                                                     bad_token):
    account = owner.personal_accounts.get()
    MeterFactory(account=account, water="cold")
    client = Client(HTTP_ACCEPT_LANGUAGE=language)

    refused = client.post(reverse("api:readings", args=[account.number]),
                          json.dumps({"readings": [{"meter": 999999, "value": "1"}]}),
                          content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
                          HTTP_IDEMPOTENCY_KEY="language-1")
    unknown = client.get(reverse("api:accounts"), HTTP_AUTHORIZATION="Bearer pat_nonsense")

    assert refused.json()["errors"]["readings"]["999999"] == [unknown_meter]
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == bad_token


def test_russian_when_the_request_names_no_language(owner, token):
    response = Client().get(reverse("api:accounts"), HTTP_AUTHORIZATION="Bearer pat_nonsense")

    assert response.json()["detail"] == "Токен неверный, истёк или отозван."
