import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def test_home_page_on_a_desktop(page, screenshot):
    page.goto("/")

    expect(page.locator("h1")).to_have_text("Личный кабинет абонента")
    expect(page.locator(".support-number")).to_have_text("290-72-90")
    nav = page.get_by_role("navigation", name="Главное меню")
    for entry in ("Физическим лицам", "Юридическим лицам", "Управляющим компаниям"):
        expect(nav.get_by_role("link", name=entry)).to_be_visible()
    assert screenshot(page, "home-desktop").stat().st_size > 10_000


def test_home_page_reads_on_a_phone(phone_page, screenshot):
    phone_page.goto("/")

    expect(phone_page.locator(".support-number")).to_be_visible()
    expect(phone_page.get_by_role("link", name="Войти").first).to_be_visible()
    # Nothing wider than the phone: no sideways scrolling.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(phone_page, "home-phone")


def test_resident_logs_in_from_the_home_page(page, owner, screenshot):
    number = owner.personal_accounts.get().number
    page.goto("/")
    page.get_by_role("link", name="Войти").first.click()

    page.get_by_label("Номер лицевого счёта").fill(number.replace("-", ""))
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()

    expect(page.locator("h1")).to_have_text(f"Лицевой счёт {number}")
    expect(page.get_by_role("link", name="Расчёты")).to_be_visible()
    screenshot(page, "cabinet-desktop")


def test_the_language_is_switched_on_the_page_the_visitor_is_on(page):
    """The language form's token and return path join it from outside its cached part."""
    page.goto("/faq/")

    page.get_by_label("Язык").select_option("en")
    page.get_by_role("button", name="Сменить").click()

    expect(page).to_have_url(re.compile(r"/faq/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Switch")).to_be_visible()
