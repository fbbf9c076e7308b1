"""Support in a browser: a question with an attachment, answered by staff in admin, then read."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual
from tests.factories import UserFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


def test_ask_answer_in_admin_and_read_the_answer(browser, live_server, owner, settings,
                                                 tmp_path, screenshot):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "meter.png"
    photo.write_bytes(PNG)
    UserFactory(username="operator", kind="staff", is_staff=True, is_superuser=True,
                password=PASSWORD)
    resident = browser.new_context(base_url=live_server.url, locale="ru-RU")
    staff = browser.new_context(base_url=live_server.url, locale="ru-RU")
    page, admin = resident.new_page(), staff.new_page()

    log_in_individual(page, owner.personal_accounts.get().number, PASSWORD)
    page.get_by_role("link", name="Задать вопрос").click()
    page.get_by_label("Тема").select_option("meters")
    page.get_by_label("Ваш вопрос").fill("Счётчик показывает меньше, чем в прошлом месяце.")
    page.get_by_label("Вложение").set_input_files(str(photo))
    page.get_by_role("button", name="Отправить вопрос").click()
    expect(page.get_by_text("Ответа пока нет")).to_be_visible()
    expect(page.get_by_role("link", name="meter.png")).to_be_visible()

    admin.goto("/admin/")
    admin.get_by_label("Имя пользователя").fill("operator")
    admin.get_by_label("Пароль").fill(PASSWORD)
    admin.get_by_role("button", name="Войти").click()
    admin.goto("/admin/support/question/")
    admin.get_by_role("link", name="Счётчик показывает меньше").click()
    admin.get_by_label("Ответ").fill("Проверьте, не сменился ли счётчик; пришлите фото пломбы.")
    admin.get_by_role("button", name="Сохранить", exact=True).click()
    expect(admin.locator(".messagelist")).to_be_visible()

    page.reload()
    expect(page.get_by_text("Проверьте, не сменился ли счётчик")).to_be_visible()
    screenshot(page, "question-answered-desktop")
    resident.close()
    staff.close()


def test_on_a_phone_too_many_questions_get_a_message_and_keep_the_text(phone_page, owner,
                                                                         settings, screenshot):
    settings.FORM_LIMITS_PER_HOUR = {**settings.FORM_LIMITS_PER_HOUR, "user": 2}
    log_in_individual(phone_page, owner.personal_accounts.get().number, PASSWORD)
    for text in ("Первый вопрос о начислениях.", "Второй вопрос о начислениях.",
                 "Третий вопрос о начислениях."):
        phone_page.goto("/cabinet/questions/")
        phone_page.get_by_label("Ваш вопрос").press_sequentially(text)
        phone_page.get_by_role("button", name="Отправить вопрос").click()

    expect(phone_page.get_by_text("Слишком много попыток")).to_be_visible()
    expect(phone_page.get_by_label("Ваш вопрос")).to_have_value("Третий вопрос о начислениях.")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375  # the message fits the phone: no sideways scrolling
    screenshot(phone_page, "question-limit-phone")
