"""A resident makes a token in the profile, their program reads the balance with it, and the
API's documentation page opens from the site in Russian and in English, under the site's CSP."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual


def _csp_violations(page) -> list[str]:
    seen = []
    page.on("console", lambda message: seen.append(message.text)
            if "Content Security Policy" in message.text else None)
    return seen


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_make_a_token_use_it_and_read_the_docs_in_either_language(request, viewport,
                                                                 transactional_db, owner,
                                                                 screenshot):
    page = request.getfixturevalue(viewport)
    violations = _csp_violations(page)
    account = owner.personal_accounts.get()
    log_in_individual(page, account.number, PASSWORD)
    page.goto("/profile/tokens/")
    page.get_by_label("Название").press_sequentially("Умный дом")
    page.get_by_label("Текущий пароль").press_sequentially(PASSWORD)
    page.get_by_role("button", name="Создать токен").click()
    plain = page.locator("code.token").inner_text()
    listed = page.get_by_role("listitem").filter(has_text="Умный дом")
    expect(listed).to_contain_text("Читать счета, начисления, счётчики и уведомления")
    expect(listed).to_contain_text("ещё не использовался")

    balance = page.request.get(f"/api/v1/accounts/{account.number}/balance/",
                               headers={"Authorization": f"Bearer {plain}"})
    assert balance.status == 200
    assert balance.json()["number"] == account.number
    page.goto("/profile/tokens/")
    expect(listed).not_to_contain_text("ещё не использовался")  # its last use is listed

    page.get_by_role("link", name="/api/v1/docs/").click()
    expect(page).to_have_url(re.compile(r"/api/v1/docs/\?lang=ru$"))
    expect(page.get_by_role("heading", name=re.compile("API личного кабинета"))).to_be_visible()
    page.get_by_text("/api/v1/accounts/{number}/balance/").first.click()
    expect(page.get_by_text("Баланс лицевого счёта сейчас").first).to_be_visible()
    screenshot(page, f"api-docs-ru-{viewport}")

    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", name=re.compile("Customer portal API"))).to_be_visible()
    assert not violations, violations


def test_the_docs_page_text_is_readable(page, transactional_db):
    """Swagger UI's own light colours are darkened to WCAG AA (static/css/api-docs.css).
    Its markup's nested buttons are its own and are left as they are."""
    from axe_playwright_python.sync_playwright import Axe

    page.goto("/api/v1/docs/?lang=ru")
    page.wait_for_selector(".opblock")
    for operation in page.locator(".opblock-summary-control").all()[:3]:
        operation.click()
    page.wait_for_timeout(500)

    result = Axe().run(page, options={"runOnly": {"type": "rule", "values": ["color-contrast"]}})

    assert [node["target"] for violation in result.response["violations"]
            for node in violation["nodes"]] == []
