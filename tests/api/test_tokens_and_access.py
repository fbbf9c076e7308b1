"""Personal access tokens and who the API lets in: made in the profile and shown once,
stored hashed, revocable; the token opens the API only, the session cookie only the pages;
another login's account is a 404; errors are RFC 9457 problems; a rate per token."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccessToken
from accounts.services import access_token_issue
from billing.models import MonthlyBalance
from tests.conftest import PASSWORD
from vodokanal.api.throttles import PerTokenThrottle


@pytest.fixture
def token(owner) -> str:
    return access_token_issue(user=owner, name="Waterius", scopes=["read", "readings"],
                              days=30).plain


def _api(token: str | None, url: str, client=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return (client or Client()).get(url, **headers)


def test_a_token_is_made_in_the_profile_shown_once_and_kept_hashed(logged_in, owner):
    response = logged_in.post(reverse("accounts:access_tokens"),
                              {"name": "Home Assistant", "scopes": ["read"], "days": "90",
                               "password": PASSWORD})
    page = response.content.decode()
    [plain] = re.findall(r'<code class="token">(pat_[A-Za-z0-9_-]+)</code>', page)

    token = AccessToken.objects.get()
    assert token.digest == AccessToken.digest_of(plain) != plain
    assert plain not in str(list(AccessToken.objects.values()))
    assert token.scopes == ["read"]
    again = logged_in.get(reverse("accounts:access_tokens")).content.decode()
    assert plain not in again
    assert "Home Assistant" in again
    assert token.prefix in again


def test_the_login_reads_its_own_balance(owner, token):
    account = owner.personal_accounts.get()
    MonthlyBalance.objects.create(account=account, period="2026-11-01", opening=Decimal("0"),
                                  charged=Decimal("812.40"), recalculated=Decimal("0"),
                                  paid=Decimal("0"), closing=Decimal("812.40"))

    response = _api(token, reverse("api:balance", args=[account.number]))

    assert response.status_code == 200
    assert response.json()["balance"] == "812.40"
    assert response.json()["to_pay"] == "812.40"
    assert [a["number"] for a in _api(token, reverse("api:accounts")).json()] == [
        account.number]


def test_another_logins_account_is_a_404_problem(token, neighbour):
    number = neighbour.personal_accounts.get().number

    response = _api(token, reverse("api:balance", args=[number]))

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    assert response.json()["instance"] == reverse("api:balance", args=[number])


def test_no_token_and_the_session_cookie_alone_are_401(logged_in):
    for response in (_api(None, reverse("api:accounts")),
                     _api(None, reverse("api:accounts"), client=logged_in)):
        assert response.status_code == 401
        assert response["WWW-Authenticate"] == 'Bearer realm="api"'
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize("spoil", ["revoked", "expired", "inactive", "garbage"])
def test_a_dead_token_is_401(owner, token, spoil):
    stored = AccessToken.objects.get()
    if spoil == "revoked":
        stored.revoked_at = timezone.now()
    elif spoil == "expired":
        stored.created_at = timezone.now() - timedelta(days=60)
        stored.expires_at = timezone.now() - timedelta(seconds=1)
    elif spoil == "inactive":
        owner.is_active = False
        owner.save()
    stored.save()

    response = _api(token + ("x" if spoil == "garbage" else ""), reverse("api:accounts"))

    assert response.status_code == 401


def test_a_token_without_the_scope_is_403(owner):
    plain = access_token_issue(user=owner, name="pay only", scopes=["payments"], days=30).plain

    assert _api(plain, reverse("api:accounts")).status_code == 403


def test_a_token_opens_no_page(token):
    response = Client().get(reverse("cabinet"), HTTP_AUTHORIZATION=f"Bearer {token}")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_rate_per_token_with_retry_after(owner, token, monkeypatch):
    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"token": "2/min"})
    other = access_token_issue(user=owner, name="other", scopes=["read"], days=30).plain

    statuses = [_api(token, reverse("api:accounts")) for _ in range(3)]

    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert int(statuses[-1]["Retry-After"]) > 0
    assert statuses[-1]["Content-Type"] == "application/problem+json"
    assert _api(other, reverse("api:accounts")).status_code == 200


def test_last_use_is_shown(owner, token):
    _api(token, reverse("api:accounts"))

    assert AccessToken.objects.get().last_used_at is not None


def test_the_schema_is_openapi_3_1_and_the_docs_are_served_from_the_site(client, db):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    docs = client.get(reverse("api:docs"), follow=True).content.decode()

    assert schema.status_code == 200
    assert schema.json()["openapi"] == "3.1.0"
    assert "/api/v1/accounts/{number}/balance/" in schema.json()["paths"]
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert assets
    assert not [url for url in assets if url.startswith(("http:", "https:", "//"))]  # no CDN


def test_the_meters_with_their_state_and_the_window(owner, token):
    from tests.factories import MeterFactory

    account = owner.personal_accounts.get()
    meter = MeterFactory(account=account, water="cold", initial_reading=Decimal("100"))

    data = _api(token, reverse("api:meters", args=[account.number])).json()

    assert [(m["id"], m["previous"], m["current"]) for m in data["meters"]] == [
        (meter.pk, "100.000", None)]
    assert set(data["window"]) == {"opens", "closes", "is_open", "reading_period"}
