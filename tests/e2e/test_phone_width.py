"""No page scrolls sideways on a 375 px phone: every page of the access matrix, as its owner.

The demo city gives each page real content (two years of charges, documents, a building's
flats); wide tables scroll inside their own box, never the page.
"""

from tests.e2e.access_matrix import PUBLIC, log_in_as
from tests.e2e.conftest import PHONE


def _too_wide(page, path: str, screenshot, name: str) -> str | None:
    page.goto(path)
    width = page.evaluate("document.documentElement.scrollWidth")
    if width <= PHONE["width"]:
        return None
    screenshot(page, f"too-wide-{name}")
    return f"{path}: {width} px"


def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, city, screenshot):
    too_wide = []
    for kind, (login, paths) in [("anonymous", (None, PUBLIC)), *city.items()]:
        context = browser.new_context(base_url=live_server.url, locale="ru-RU",
                                      viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(10_000)
        if login:
            log_in_as(page, kind, login)
        for index, path in enumerate(paths):
            too_wide.append(_too_wide(page, path, screenshot, f"{kind}-{index}"))
        context.close()

    assert [found for found in too_wide if found] == []
