"""The installable app in Chromium: installable with no errors; offline, the tabs last
opened are shown read-only and marked, others get the offline page; after logging out
nothing of the login's is shown."""

from decimal import Decimal

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE, log_in_individual
from tests.factories import MeterFactory


def test_chromium_finds_the_app_installable(browser, live_server, transactional_db, tmp_path):
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile", executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    page.evaluate("navigator.serviceWorker.ready.then(() => 1)")

    errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")

    assert [error for error in errors["installabilityErrors"]
            if error["errorId"] != "in-incognito"] == []
    context.close()


def _controlled(page) -> None:
    """Wait until the worker controls the page (the site's CSP forbids eval, so no
    wait_for_function with an expression)."""
    page.evaluate("""() => new Promise((resolve) => navigator.serviceWorker.controller
        ? resolve(true)
        : navigator.serviceWorker.addEventListener("controllerchange", () => resolve(true)))""")


def _kept_caches(page) -> list[str]:
    return page.evaluate("caches.keys()")


def test_offline_the_last_tabs_are_shown_read_only_and_logout_forgets_them(
        browser, live_server, transactional_db, owner, screenshot):
    account = owner.personal_accounts.get()
    meter = MeterFactory(account=account, initial_reading=Decimal("100"))
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=PHONE)
    page = context.new_page()
    log_in_individual(page, account.number, PASSWORD)
    _controlled(page)
    page.goto("/cabinet/")  # now through the worker, which keeps it
    page.goto("/cabinet/meters/")

    context.set_offline(True)
    page.goto("/cabinet/meters/")
    expect(page.get_by_text("Нет связи: это копия от")).to_be_visible()
    expect(page.get_by_label(f"Холодная вода № {meter.serial}")).to_be_disabled()
    expect(page.get_by_role("button", name="Передать показания")).to_be_disabled()
    screenshot(page, "offline-meters-phone")
    page.goto("/cabinet/")
    expect(page.get_by_role("heading", name=f"Лицевой счёт {account.number}")).to_be_visible()
    expect(page.get_by_text("Нет связи: это копия от")).to_be_visible()
    page.goto("/cabinet/charges/")  # never opened: not kept
    expect(page.get_by_role("heading", name="Нет связи")).to_be_visible()
    assert any(key.startswith("tabs-") for key in _kept_caches(page))

    context.set_offline(False)
    page.goto("/cabinet/")
    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("link", name="Физическим лицам")).to_be_visible()
    _controlled(page)  # installed anew
    assert not any(key.startswith("tabs-") for key in _kept_caches(page))
    context.set_offline(True)
    page.goto("/cabinet/")
    expect(page.get_by_role("heading", name="Нет связи")).to_be_visible()
    expect(page.get_by_text(account.number)).to_have_count(0)
    context.close()


def _tabs_kept_then_offline(browser, live_server, owner, *, remember: bool):
    """Log in through the form, let the worker keep the Information tab; a context."""
    account = owner.personal_accounts.get()
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=PHONE)
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Номер лицевого счёта").fill(account.number)
    page.get_by_label("Пароль").fill(PASSWORD)
    if remember:
        page.get_by_label("Запомнить меня").check()
    page.get_by_role("button", name="Войти").click()
    _controlled(page)
    page.goto("/cabinet/")  # through the worker, which keeps it
    assert any(key.startswith("tabs-") for key in _kept_caches(page))
    return context, page, account


def test_a_session_that_ended_without_a_logout_leaves_nothing_to_see_offline(
        browser, live_server, transactional_db, owner, settings, screenshot):
    # A shared computer: the resident walked away without logging out.
    settings.SESSION_IDLE_MINUTES = 3 / 60
    context, page, account = _tabs_kept_then_offline(browser, live_server, owner,
                                                     remember=False)
    page.wait_for_timeout(3500)

    page.goto("/")  # the next online page: the server says the session is gone
    _controlled(page)
    assert not any(key.startswith("tabs-") for key in _kept_caches(page))
    context.set_offline(True)
    page.goto("/cabinet/")
    expect(page.get_by_role("heading", name="Нет связи")).to_be_visible()
    expect(page.get_by_text(account.number)).to_have_count(0)
    screenshot(page, "offline-after-the-session-ended-phone")
    context.close()


def test_a_kept_tab_is_shown_offline_only_so_long(browser, live_server, transactional_db,
                                                 owner, settings):
    settings.OFFLINE_COPY_HOURS = 2 / 3600  # two seconds instead of twelve hours
    context, page, account = _tabs_kept_then_offline(browser, live_server, owner,
                                                     remember=True)
    context.set_offline(True)
    page.goto("/cabinet/")
    expect(page.get_by_text("Нет связи: это копия от")).to_be_visible()  # still fresh

    page.wait_for_timeout(2500)  # offline all along: nobody told the device anything
    page.goto("/cabinet/")

    expect(page.get_by_role("heading", name="Нет связи")).to_be_visible()
    expect(page.get_by_text(account.number)).to_have_count(0)
    context.close()
