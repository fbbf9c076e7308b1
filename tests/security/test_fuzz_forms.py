"""Whatever is typed into a public form, the answer is a page, never a server error."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
# Text as people and scripts send it: any characters, NUL and lone surrogates aside
# (a browser cannot send those in a form; the test client cannot encode them).
TYPED = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)

PUBLIC_FORMS = {
    "accounts:login": ["account_number", "password", "remember_me"],
    "accounts:login_legal": ["access_code", "password"],
    "accounts:register": ["account_number", "address", "last_name", "first_name",
                          "middle_name", "email"],
    "accounts:recovery": ["identifier"],
}
CABINET_FORMS = {
    "accounts:phone_change": ["phone"],
    "accounts:email_change": ["email", "password"],
    "accounts:account_link": ["link-account_number", "link-address", "link-last_name",
                              "link-first_name"],
    "payments:pay": ["account_1", "account_2"],
    "support:questions": ["topic", "text"],
    "meters:meters": ["meter_1", "confirm_1"],
}
SEARCHES = {"support:faq": ["q"], "billing:statement": ["first", "last", "output"],
            "billing:receipts": ["period"], "billing:charges": ["year"]}


@pytest.mark.parametrize("url_name", sorted(PUBLIC_FORMS))
@FUZZ
@given(values=st.lists(TYPED, min_size=6, max_size=6))
def test_public_forms_never_fail(client, db, url_name, values):
    data = dict(zip(PUBLIC_FORMS[url_name], values, strict=False))

    assert client.post(reverse(url_name), data).status_code < 500


@pytest.mark.parametrize("url_name", sorted(CABINET_FORMS))
@FUZZ
@given(values=st.lists(TYPED, min_size=4, max_size=4))
def test_cabinet_forms_never_fail(client, owner, url_name, values):
    client.force_login(owner)
    data = dict(zip(CABINET_FORMS[url_name], values, strict=False))

    assert client.post(reverse(url_name), data).status_code < 500


@pytest.mark.parametrize("url_name", sorted(SEARCHES))
@FUZZ
@given(values=st.lists(TYPED, min_size=3, max_size=3))
def test_queries_never_fail(client, owner, url_name, values):
    client.force_login(owner)
    params = dict(zip(SEARCHES[url_name], values, strict=False))

    assert client.get(reverse(url_name), params).status_code < 500
