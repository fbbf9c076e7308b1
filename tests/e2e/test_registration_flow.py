"""Registration in a browser: the form, the link from the sent mail, the password, a login."""

import re

from playwright.sync_api import expect

from tests.factories import BuildingFactory, PersonalAccountFactory

PASSWORD = "Vodokanal-Browser-2026"


def test_register_set_password_log_in_and_out(phone_page, live_server, settings, mailoutbox,
                                              screenshot):
    settings.SITE_URL = live_server.url
    PersonalAccountFactory(number="01-1234570", flat="37", last_name="Орлов",
                           first_name="Виктор", middle_name="Степанович",
                           building=BuildingFactory(address="г. Новосибирск, ул. Ленина, д. 12"))
    page = phone_page
    page.goto("/login/")
    page.get_by_role("link", name="Зарегистрироваться").click()

    page.get_by_label("Номер лицевого счёта").fill("01 1234570")
    page.get_by_label("Адрес").fill("ул. Ленина, д. 12, кв. 37")
    page.get_by_label("Фамилия").fill("Орлов")
    page.get_by_label(re.compile(r"^Имя")).fill("Виктор")
    page.get_by_label("Отчество").fill("Степанович")
    page.get_by_label("Электронная почта").fill("orlov@example.com")
    screenshot(page, "registration-phone")
    page.get_by_role("button", name="Зарегистрироваться").click()

    expect(page.locator("h1")).to_have_text("Проверьте электронную почту")
    [message] = mailoutbox
    link = re.search(r"https?://\S+", message.body).group(0)
    page.goto(link)
    expect(page).to_have_url(re.compile(r"/register/password/$"))  # the token left the URL
    page.get_by_label(re.compile(r"^Новый пароль")).fill(PASSWORD)
    page.get_by_label("Подтверждение нового пароля").fill(PASSWORD)
    page.get_by_role("button", name="Сохранить пароль").click()

    expect(page.get_by_text("Пароль установлен")).to_be_visible()
    page.get_by_label("Номер лицевого счёта").fill("01-1234570")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_role("heading", name="Лицевой счёт 01-1234570")).to_be_visible()
    screenshot(page, "cabinet-after-registration-phone")

    page.get_by_role("button", name="Выйти").click()
    expect(page.get_by_role("link", name="Регистрация")).to_be_visible()
    page.goto("/cabinet/")
    expect(page).to_have_url(re.compile(r"/login/\?next="))
