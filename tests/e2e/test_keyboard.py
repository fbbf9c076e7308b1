"""Keyboard only (Tab, Shift+Tab, Enter, Space, typing; no mouse): log in, submit readings,
pay, ask a question, switch accounts. Focus is visible at every stop; after a refused form
it lands on the summary of errors, whose links lead to each field."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.factories import BuildingFactory, MeterFactory, PersonalAccountFactory, billing_history

IN_THE_WINDOW = datetime(2026, 11, 20, 12, tzinfo=ZoneInfo("Asia/Novosibirsk"))
# What has the focus: its tag, name, text (or value) and id.
ACTIVE = """() => { const e = document.activeElement;
  return [e.tagName, e.getAttribute("name") || "", (e.innerText || "").trim().slice(0, 80),
          e.id]; }"""
FOCUS_SHOWN = """() => { const e = document.activeElement; const s = getComputedStyle(e);
  return e !== document.body && s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0; }"""


def _tab_to(page, wanted, *, back: bool = False, limit: int = 80) -> None:
    """Tab (or Shift+Tab) until `wanted(tag, name, text, id)`, unless it has the focus
    already (a form's first field may take it on load); the focus shows at each stop."""
    if wanted(*page.evaluate(ACTIVE)):
        return
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        tag, name, text, element_id = page.evaluate(ACTIVE)
        assert page.evaluate(FOCUS_SHOWN), f"focus not shown on {tag} {name} {text}"
        if wanted(tag, name, text, element_id):
            return
    raise AssertionError("the keyboard never reached it")


def _press_and_load(page, key: str = "Enter") -> None:
    """A key that follows a link or sends a form: wait for the page it leads to."""
    with page.expect_navigation():
        page.keyboard.press(key)


def _named(name: str):
    return lambda tag, field, text, element_id: field == name


def _link(text: str):
    return lambda tag, name, shown, element_id: tag == "A" and shown == text


def _button(text: str):
    return lambda tag, name, shown, element_id: tag == "BUTTON" and shown == text


def _log_in(page, number: str) -> None:
    page.goto("/login/")
    _tab_to(page, _named("account_number"))
    page.keyboard.type(number)
    _tab_to(page, _named("password"))
    page.keyboard.type(PASSWORD)
    _press_and_load(page)
    expect(page.get_by_role("heading", name=re.compile("Лицевой счёт"))).to_be_visible()


def test_log_in_and_submit_readings_with_the_keyboard(page, owner, screenshot):
    account = owner.personal_accounts.get()
    meter = MeterFactory(account=account, water="cold", initial_reading=Decimal("100"))
    with time_machine.travel(IN_THE_WINDOW):
        _log_in(page, account.number.replace("-", " "))
        _tab_to(page, _link("Счётчики"))
        _press_and_load(page)
        _tab_to(page, _named(f"meter_{meter.pk}"))
        page.keyboard.type("50")  # lower than the last: refused
        _tab_to(page, _button("Передать показания"))
        _press_and_load(page, "Space")

        expect(page.locator(".error-summary")).to_be_focused()
        screenshot(page, "keyboard-refused-desktop")
        field = page.locator(f"#id_meter_{meter.pk}")
        expect(field).to_have_attribute("aria-invalid", "true")
        assert f"id_meter_{meter.pk}_error0" in field.get_attribute("aria-describedby")
        _tab_to(page, lambda tag, name, text, element_id: tag == "A" and "Холодная" in text)
        page.keyboard.press("Enter")
        expect(field).to_be_focused()
        page.keyboard.press("Control+A")
        page.keyboard.type("106,5")
        _tab_to(page, _button("Передать показания"))
        _press_and_load(page)
        expect(page.get_by_text("Показания за ноябрь 2026 приняты")).to_be_visible()


def test_pay_with_the_keyboard(page, bank, owner):
    account = owner.personal_accounts.get()
    billing_history(account, first=date(2026, 8, 1), months=3, paid_share=Decimal("0"))
    _log_in(page, account.number)
    _tab_to(page, _link("Оплатить"))
    _press_and_load(page)
    _tab_to(page, lambda tag, name, text, element_id: name.startswith("account_"))
    page.keyboard.press("Control+A")
    page.keyboard.type("100,50")
    _tab_to(page, _button("Перейти на страницу банка"))
    _press_and_load(page)

    expect(page.get_by_role("heading", name="Тестовый банк")).to_be_visible()
    expect(page.get_by_text("100,50")).to_be_visible()


def test_ask_a_question_with_the_keyboard(page, owner):
    _log_in(page, owner.personal_accounts.get().number)
    _tab_to(page, _link("Задать вопрос"), back=True)  # the menu is above: back up to it
    _press_and_load(page)
    _tab_to(page, _named("topic"))
    page.keyboard.press("ArrowDown")
    _tab_to(page, _named("text"))
    page.keyboard.type("Когда придёт квитанция за ноябрь?")
    _tab_to(page, _button("Отправить вопрос"))
    _press_and_load(page)

    expect(page.get_by_text("Ответа пока нет")).to_be_visible()


def test_switch_accounts_with_the_keyboard(page, owner):
    first = owner.personal_accounts.get()
    second = PersonalAccountFactory(user=owner, number="02-7654321", building=BuildingFactory(
        address="г. Новосибирск, ул. Титова, д. 31"))
    _log_in(page, first.number)
    _tab_to(page, lambda tag, name, text, element_id: element_id == "account-switch")
    page.keyboard.press("ArrowDown")
    _tab_to(page, _button("Показать"))
    _press_and_load(page)

    expect(page.get_by_role("heading", name=f"Лицевой счёт {second.number}")).to_be_visible()
