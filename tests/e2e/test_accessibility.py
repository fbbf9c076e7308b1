"""axe-core on every page of the access matrix as its owner, and on every public page, in
Russian and English, at 375 px and 1280 px: no violation of serious or critical impact."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings

from tests.e2e.access_matrix import PUBLIC, log_in_as
from tests.e2e.conftest import DESKTOP, PHONE

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
GATED = ("serious", "critical")


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1280"])
def test_no_serious_violation_on_any_page(browser, live_server, city, language, viewport):
    axe, found = Axe(), []
    for kind, (login, paths) in [("anonymous", (None, PUBLIC)), *city.items()]:
        context = browser.new_context(base_url=live_server.url, locale="ru-RU",
                                      viewport=viewport)
        page = context.new_page()
        if login:
            log_in_as(page, kind, login)
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language,
                              "url": live_server.url}])
        for path in paths:
            page.goto(path)
            assert page.locator("html").get_attribute("lang") == language
            violations = axe.run(page, options=WCAG).response["violations"]
            found += [f"{kind} {path}: {v['id']} ({v['impact']}) {v['nodes'][0]['html'][:120]}"
                      for v in violations if v["impact"] in GATED]
        context.close()

    assert found == []


def test_a_page_with_a_flash_message_has_no_serious_violation(browser, live_server, city):
    """A message after a form (here the notification choices saved) sits in a list of its
    own inside the status region: axe's "listitem" held."""
    login, _paths = city["individual"]
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=PHONE)
    page = context.new_page()
    log_in_as(page, "individual", login)
    page.goto("/cabinet/notices/settings/")
    page.get_by_role("button", name="Сохранить настройки").click()
    page.get_by_text("Настройки уведомлений сохранены.").wait_for()

    violations = Axe().run(page, options=WCAG).response["violations"]

    assert [(v["id"], v["impact"]) for v in violations if v["impact"] in GATED] == []
    context.close()
