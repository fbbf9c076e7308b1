"""Meter readings in a browser: accepted with the estimate; after the window, for the next
month; refused outside it when staff turn late readings off."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from billing.models import Tariff
from meters.models import Reading, ReadingRules
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in_individual
from tests.factories import MeterFactory

NOVOSIBIRSK = ZoneInfo("Asia/Novosibirsk")


def test_readings_are_accepted_with_the_estimate(phone_page, owner, screenshot):
    account = owner.personal_accounts.get()
    for service, price in (("cold_water", "45.01"), ("sewerage", "36.30")):
        Tariff.objects.create(service=service, category="apartment", price=Decimal(price),
                              valid_from=date(2026, 7, 1))
    cold = MeterFactory(account=account, water="cold", initial_reading=Decimal("100"))
    MeterFactory(account=account, water="hot", initial_reading=Decimal("40"))
    page = phone_page
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=NOVOSIBIRSK)):
        log_in_individual(page, account.number, PASSWORD)
        page.get_by_role("link", name="Счётчики").click()
        page.get_by_label(f"Холодная вода № {cold.serial}").fill("106.5")
        page.get_by_label("Горячая вода").fill("43")
        screenshot(page, "meters-form-phone")
        page.get_by_role("button", name="Передать показания").click()

        expect(page.get_by_text("Показания за ноябрь 2026 приняты")).to_be_visible()
        expect(page.get_by_text("6,500 м³ × 45,01 ₽ = 292,57 ₽")).to_be_visible()
        expect(page.get_by_text("Итого")).to_be_visible()
        screenshot(page, "meters-estimate-phone")


def test_after_the_window_a_reading_counts_in_the_next_month(phone_page, owner, screenshot):
    account = owner.personal_accounts.get()
    meter = MeterFactory(account=account, initial_reading=Decimal("100"))
    page = phone_page
    with time_machine.travel(datetime(2026, 12, 27, 12, tzinfo=NOVOSIBIRSK)):
        log_in_individual(page, account.number, PASSWORD)
        page.get_by_role("link", name="Счётчики").click()
        expect(page.get_by_text("Показания, переданные сейчас, будут учтены за январь 2027")
               ).to_be_visible()
        page.get_by_label(f"Холодная вода № {meter.serial}").press_sequentially("104,5")
        page.get_by_role("button", name="Передать показания").click()

        expect(page.get_by_text("Показания за январь 2027 приняты")).to_be_visible()
        screenshot(page, "meters-late-phone")


def test_with_late_readings_off_the_page_names_the_next_window(phone_page, owner):
    ReadingRules.objects.update_or_create(pk=1, defaults={"late_readings_accepted": False})
    account = owner.personal_accounts.get()
    MeterFactory(account=account)
    page = phone_page
    with time_machine.travel(datetime(2026, 11, 27, 12, tzinfo=NOVOSIBIRSK)):
        log_in_individual(page, account.number, PASSWORD)
        page.get_by_role("link", name="Счётчики").click()

        expect(page.get_by_text("Сейчас показания не принимаются")).to_be_visible()
        expect(page.get_by_text("с 15 декабря по 25 декабря")).to_be_visible()
        expect(page.get_by_role("button", name="Передать показания")).to_have_count(0)


@pytest.mark.parametrize("viewport", ["phone_page", "page"])
def test_an_impossible_reading_is_refused_and_a_high_one_confirmed_under_its_meter(
        request, viewport, transactional_db, owner, screenshot):
    account = owner.personal_accounts.get()
    for service, price in (("cold_water", "45.01"), ("sewerage", "36.30")):
        Tariff.objects.create(service=service, category="apartment", price=Decimal(price),
                              valid_from=date(2026, 7, 1))
    hot = MeterFactory(account=account, water="hot", serial="2222",
                       initial_reading=Decimal("40"))  # made first: still listed second
    cold = MeterFactory(account=account, water="cold", serial="1111")
    Reading.objects.create(meter=cold, period=date(2026, 10, 1), value=Decimal("120.5"),
                           consumption=Decimal("6"))
    page = request.getfixturevalue(viewport)
    with time_machine.travel(datetime(2026, 11, 20, 12, tzinfo=NOVOSIBIRSK)):
        log_in_individual(page, account.number, PASSWORD)
        page.get_by_role("link", name="Счётчики").click()
        labels = page.locator("#readings-form label").all_inner_texts()
        assert labels.index("Холодная вода № 1111:") < labels.index("Горячая вода № 2222:")
        expect(page.get_by_label("Я проверил(а)")).to_have_count(0)  # nothing to confirm yet

        cold_field = page.get_by_label("Холодная вода № 1111")
        cold_field.press_sequentially("10 120,0")  # 9 999,5 m³ more: a digit too many
        page.get_by_role("button", name="Передать показания").click()
        expect(page.get_by_text("больше, чем счётчик квартиры может пропустить")
               ).to_have_count(2)  # in the summary and under the field
        expect(page.get_by_role("link", name="Написать в водоканал об этом счётчике")
               ).to_be_visible()
        expect(page.get_by_label("Я проверил(а)")).to_have_count(0)  # no tick takes it
        screenshot(page, f"meters-impossible-{viewport}")

        cold_field = page.get_by_label("Холодная вода № 1111")
        cold_field.fill("")
        cold_field.press_sequentially("160,5")  # +40 m³: high, but a meter can show it
        page.get_by_role("button", name="Передать показания").click()
        box = page.get_by_label("Я проверил(а): показание верное, хотя расход большой")
        expect(box).to_have_count(1)
        expect(page.get_by_text("Это +40 м³ за месяц").first).to_be_visible()
        screenshot(page, f"meters-confirm-{viewport}")
        box.check()
        page.get_by_role("button", name="Передать показания").click()

        expect(page.get_by_text("Показания за ноябрь 2026 приняты")).to_be_visible()
        expect(page.get_by_text("40,000 м³ × 45,01 ₽ = 1 800,40 ₽")).to_be_visible()
    assert hot.readings.count() == 0  # the hot meter was left empty, and sent nothing
