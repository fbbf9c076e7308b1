"""The resident's attention in a browser: the Information tab's window and verification
warning lead to the Meters tab; an outage published in admin reaches the affected cabinet
and mailbox and no other; a guest's question is answered by e-mail."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from support.models import NotificationChoice
from tests.conftest import PASSWORD
from tests.e2e.conftest import DESKTOP, PHONE, log_in_individual
from tests.factories import BuildingFactory, MeterFactory, PersonalAccountFactory, UserFactory

NOVOSIBIRSK = ZoneInfo("Asia/Novosibirsk")
IN_THE_WINDOW = datetime(2026, 12, 20, 12, tzinfo=NOVOSIBIRSK)


def _log_in_staff(page) -> None:
    UserFactory(username="operator", kind="staff", is_staff=True, is_superuser=True,
                password=PASSWORD)
    page.goto("/admin/")
    page.get_by_label("Имя пользователя").fill("operator")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "phone"), (DESKTOP, "desktop")])
def test_the_window_and_a_verification_warning_lead_to_the_meters_tab(
        browser, live_server, transactional_db, owner, screenshot, viewport, name):
    account = owner.personal_accounts.get()
    cold = MeterFactory(account=account, water="cold", initial_reading=Decimal("100"),
                        verification_due=date(2027, 1, 30))
    context = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=viewport)
    page = context.new_page()
    with time_machine.travel(IN_THE_WINDOW):
        log_in_individual(page, account.number, PASSWORD)

        todo = page.locator("section.todo")
        expect(todo.get_by_text("Показания принимаются до 25 декабря: осталось 6 дней.")
               ).to_be_visible()
        expect(todo.get_by_text("за декабрь показаний ещё нет")).to_be_visible()
        expect(todo.get_by_text(f"{cold}: срок поверки истекает 30.01.2027.")).to_be_visible()
        screenshot(page, f"information-todo-{name}")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        todo.get_by_role("link", name="Передать показания").click()

        expect(page.get_by_role("heading", name="Показания за декабрь 2026, до 25 декабря")
               ).to_be_visible()
        page.get_by_label(f"Холодная вода № {cold.serial}").press_sequentially("106,5")
        page.get_by_role("button", name="Передать показания").click()
        expect(page.get_by_text("Показания за декабрь 2026 приняты")).to_be_visible()
        page.get_by_role("link", name="Информация").click()
        expect(page.locator("section.todo").get_by_text("за декабрь передано 106,500 м³")
               ).to_be_visible()
    context.close()


def test_an_outage_published_in_admin_reaches_the_affected_only(
        browser, live_server, transactional_db, mailoutbox, screenshot):
    affected, unaffected = UserFactory(password=PASSWORD), UserFactory(password=PASSWORD)
    lenina = PersonalAccountFactory(user=affected, building=BuildingFactory(
        address="г. Новосибирск, ул. Ленина, д. 12"))
    frunze = PersonalAccountFactory(user=unaffected, building=BuildingFactory(
        address="г. Новосибирск, ул. Фрунзе, д. 5"))
    for user in (affected, unaffected):
        NotificationChoice.objects.create(user=user, kind="outage", channel="email")
    starts = datetime.now(NOVOSIBIRSK) + timedelta(days=2)
    staff = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=DESKTOP)
    admin = staff.new_page()
    _log_in_staff(admin)

    admin.goto("/admin/support/announcement/add/")
    admin.get_by_label("Вид").select_option(label="Плановое отключение")
    admin.get_by_label("Услуга").select_option(label="Холодное водоснабжение")
    admin.get_by_label("Название").fill("Замена задвижки")
    admin.get_by_label("Текст").fill("Холодной воды не будет с 9 до 18 часов.")
    admin.locator("input[name=starts_at_0]").fill(f"{starts:%d.%m.%Y}")
    admin.locator("input[name=starts_at_1]").fill("09:00")
    admin.locator("input[name=ends_at_0]").fill(f"{starts:%d.%m.%Y}")
    admin.locator("input[name=ends_at_1]").fill("18:00")
    admin.get_by_label("Улицы").fill("ул. Ленина")
    admin.get_by_role("button", name="Сохранить", exact=True).click()
    admin.get_by_role("checkbox", name="Выбрать").first.check()
    admin.get_by_role("combobox", name="Действие").select_option(label="Опубликовать и уведомить")
    admin.get_by_role("button", name="Выполнить").click()
    expect(admin.get_by_text("Опубликовано: 1.")).to_be_visible()

    assert [message.to for message in mailoutbox] == [[affected.email]]
    assert "Замена задвижки" in mailoutbox[0].subject
    for account, shown in ((lenina, 1), (frunze, 0)):
        resident = browser.new_context(base_url=live_server.url, locale="ru-RU",
                                       viewport=PHONE)
        page = resident.new_page()
        log_in_individual(page, account.number, PASSWORD)
        expect(page.locator("section.todo").get_by_text("Замена задвижки")).to_have_count(shown)
        if shown:
            screenshot(page, "information-outage-phone")
        resident.close()
    staff.close()


def test_a_guest_asks_and_the_answer_arrives_by_mail(browser, live_server, transactional_db,
                                                     phone_page, mailoutbox, screenshot):
    page = phone_page
    page.goto("/")
    page.get_by_role("link", name="Задать вопрос").click()
    page.get_by_label("Ваше имя").press_sequentially("Анна Петрова")
    page.get_by_label("Электронная почта").press_sequentially("anna@example.com")
    page.get_by_label("Номер лицевого счёта").press_sequentially("01 1234567")
    page.get_by_label("Тема").select_option("supply")
    page.get_by_label("Ваш вопрос").press_sequentially("Когда дадут воду на ул. Ленина?")
    page.get_by_role("button", name="Отправить вопрос").click()
    expect(page.get_by_text("Ответ придёт на anna@example.com")).to_be_visible()
    screenshot(page, "guest-question-sent-phone")

    staff = browser.new_context(base_url=live_server.url, locale="ru-RU", viewport=DESKTOP)
    admin = staff.new_page()
    _log_in_staff(admin)
    admin.goto("/admin/support/question/")
    expect(admin.get_by_text("Анна Петрова <anna@example.com> (гость)")).to_be_visible()
    admin.get_by_role("link", name="Когда дадут воду").click()
    admin.get_by_label("Ответ").fill("Подача восстановлена в 18:00.")
    admin.get_by_role("button", name="Сохранить", exact=True).click()
    expect(admin.locator(".messagelist")).to_be_visible()

    [message] = mailoutbox
    assert message.to == ["anna@example.com"]
    assert "Подача восстановлена в 18:00." in message.body
    staff.close()
