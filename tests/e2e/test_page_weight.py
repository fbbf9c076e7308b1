"""The cabinet's tabs stay light on a phone's connection: what each transfers with a cold
cache (HTML, CSS, JS, fonts, images) is summed against a budget, and no request leaves
the site's origin."""

from datetime import date

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, log_in_individual
from tests.factories import MeterFactory, billing_history

# Uncompressed (the test server sends no gzip): with two years of history the tabs
# measured 18.7 KB (information), 36.6 KB (charges), 19.8 KB (meters), of which the
# stylesheet is 11 KB.
BUDGET_BYTES = 48 * 1024
TABS = ["/cabinet/", "/cabinet/charges/", "/cabinet/meters/"]


@pytest.mark.parametrize("tab", TABS)
def test_a_tab_with_a_cold_cache_stays_within_the_budget(browser, live_server, transactional_db,
                                                         owner, tab):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2024, 12, 1), months=24)
    MeterFactory(account=account, water="cold")
    MeterFactory(account=account, water="hot")
    login = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=PHONE,
                                service_workers="block")
    log_in_individual(login.new_page(), account.number, PASSWORD)
    cold = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=PHONE,
                               service_workers="block", storage_state=login.storage_state())
    page = cold.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))

    page.goto(tab, wait_until="networkidle")

    sizes = {response.url: len(response.body()) for response in responses}
    assert all(url.startswith(live_server.url) for url in sizes), sizes.keys()
    assert sum(sizes.values()) <= BUDGET_BYTES, sizes
    login.close()
    cold.close()
