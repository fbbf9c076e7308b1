"""schemathesis against the API's own schema, every endpoint, with a valid token: no 5xx,
no status or body outside the schema."""

from datetime import date

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from accounts.services import access_token_issue
from tests.factories import MeterFactory, PersonalAccountFactory, UserFactory, billing_history

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", get_wsgi_application())


@pytest.fixture(autouse=True)
def _one_connection():
    """The WSGI app runs in the test's transaction: Django must not close the connection
    at each request's end, as the test client also arranges."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def token(db, live_server, settings) -> str:
    # Payment links reach the test bank over HTTP, as in make run: a 503 is a 5xx.
    settings.SITE_URL = live_server.url
    settings.PAYMENT_GATEWAY_URL = f"{live_server.url}/test-bank/v2"
    user = UserFactory()
    account = PersonalAccountFactory(user=user, number="01-1234567")
    MeterFactory(account=account)
    billing_history(account, first=date(2026, 8, 1), months=3)
    return access_token_issue(user=user, name="schemathesis",
                              scopes=["read", "readings", "payments"], days=1).plain


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_keeps_to_its_schema(case, token):
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        response_schema_conformance,
        status_code_conformance,
    )

    if "number" in (case.path_parameters or {}):
        case.path_parameters["number"] = "01-1234567"
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"},
                           checks=[not_a_server_error, status_code_conformance,
                                   response_schema_conformance])
