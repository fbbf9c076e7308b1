"""The profile in a browser: add a second personal account, then switch the cabinet to it."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual
from tests.factories import BuildingFactory, PersonalAccountFactory


def test_link_a_second_account_and_switch_to_it(phone_page, owner, screenshot):
    PersonalAccountFactory(number="11-0007785", flat="", last_name="Иванова",
                           first_name="Анна", middle_name="Сергеевна",
                           building=BuildingFactory(address="г. Новосибирск, ул. Фрунзе, д. 5"))
    page = phone_page
    log_in_individual(page, owner.personal_accounts.get().number, PASSWORD)
    page.get_by_role("link", name="Профиль", exact=True).click()

    form = page.locator("form", has=page.get_by_role("button", name="Добавить счёт"))
    form.get_by_label("Номер лицевого счёта").fill("11-7785")
    form.get_by_label("Адрес").fill("Фрунзе 5")
    form.get_by_label("Фамилия").fill("Иванова")
    form.get_by_label(re.compile(r"^Имя")).fill("Анна")
    form.get_by_label("Отчество").fill("Сергеевна")
    form.get_by_role("button", name="Добавить счёт").click()

    expect(page.get_by_text("Лицевой счёт 11-0007785 привязан к этому входу.")).to_be_visible()
    screenshot(page, "profile-phone")
    page.get_by_role("link", name="Личный кабинет", exact=True).click()
    page.get_by_label("Лицевой счёт", exact=True).select_option("11-0007785")
    page.get_by_role("button", name="Показать").click()
    expect(page.get_by_role("heading", name="Лицевой счёт 11-0007785")).to_be_visible()
    screenshot(page, "cabinet-switch-phone")


def test_profile_on_a_desktop(page, owner, screenshot):
    log_in_individual(page, owner.personal_accounts.get().number, PASSWORD)
    page.goto("/profile/")

    expect(page.get_by_role("heading", name="Уведомления")).to_be_visible()
    screenshot(page, "profile-desktop")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280
