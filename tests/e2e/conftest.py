"""Playwright driving Debian's Chromium against a live server.

Without a browser these tests skip, saying why; with REQUIRE_E2E=1 (CI) a
missing browser is a failure instead.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("E2E_SCREENSHOTS",
                                  Path(__file__).resolve().parents[2] / "var" / "screenshots"))
# Flags for a sandboxed machine with no network but loopback.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.path):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"e2e: no Chromium at {CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)"
        if os.environ.get("REQUIRE_E2E"):
            pytest.fail(reason + "; REQUIRE_E2E is set", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the
    # tests make around it are still synchronous, so Django may allow them.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def _page(browser, live_server, viewport):
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=viewport)
    page = context.new_page()
    page.set_default_timeout(10_000)
    return context, page


@pytest.fixture
def page(browser, live_server, transactional_db):
    context, page = _page(browser, live_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    context, page = _page(browser, live_server, PHONE)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def pay_on_the_test_banks_card_page(page, card: str) -> None:
    """Type the card's details on the test bank's page, as a payer would, and pay."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Тестовый банк")).to_be_visible()
    page.get_by_label("Номер карты").press_sequentially(card)
    page.get_by_label("Срок действия (ММ/ГГ)").press_sequentially("12/30")
    page.get_by_label("CVC").press_sequentially("123")
    page.get_by_role("button", name="Оплатить").click()


def log_in_individual(page, number: str, password: str) -> None:
    """Through the individuals' login form, as a resident would."""
    page.goto("/login/")
    page.get_by_label("Номер лицевого счёта").fill(number)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()


@pytest.fixture
def city(transactional_db):
    """The demo city, and for each kind of login its login and the pages it owns
    (tests/e2e/access_matrix.py)."""
    from tests.e2e.access_matrix import city_build

    return city_build()
