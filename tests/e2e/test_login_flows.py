from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.factories import OrganisationUserFactory

NEW_PASSWORD = "Vodokanal-New-Pass-42"


def test_legal_entity_first_login_changes_the_issued_password(phone_page, screenshot):
    user = OrganisationUserFactory(password=PASSWORD, must_change_password=True)
    page = phone_page
    page.goto("/login/legal/")

    page.get_by_label("Код доступа").fill(user.organisation.access_code)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()

    expect(page.locator("h1")).to_have_text("Сменить пароль")
    expect(page.get_by_text("Придумайте свой пароль")).to_be_visible()
    screenshot(page, "first-login-phone")
    page.get_by_label("Старый пароль").fill(PASSWORD)
    page.get_by_label("Новый пароль").fill(NEW_PASSWORD)
    page.get_by_label("Подтверждение нового пароля").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Сменить пароль").click()

    expect(page.get_by_text("Пароль изменён.")).to_be_visible()
    expect(page.get_by_role("heading", name=user.organisation.name)).to_be_visible()


def test_locked_out_login_is_told_to_wait(phone_page, owner, screenshot):
    page = phone_page
    number = owner.personal_accounts.get().number
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        page.goto("/login/")
        page.get_by_label("Номер лицевого счёта").fill(number)
        page.get_by_label("Пароль").fill("Wrong-Password-1")
        page.get_by_role("button", name="Войти").click()
        expect(page.get_by_role("alert")).to_be_visible()

    page.goto("/login/")
    page.get_by_label("Номер лицевого счёта").fill(number)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()

    expect(page.locator("h1")).to_have_text("Слишком много попыток")
    expect(page.get_by_text("через 15 минут")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    screenshot(page, "locked-out-phone")
