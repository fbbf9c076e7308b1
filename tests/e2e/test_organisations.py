"""Organisations in a browser: a legal entity signs a document, a company reads its buildings."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.factories import (
    BuildingFactory,
    ManagementCompanyUserFactory,
    MeterFactory,
    OrganisationUserFactory,
    PersonalAccountFactory,
    published_document,
)

PDF = b"%PDF-1.4\n% signed\n%%EOF\n"


def _log_in(page, path, code):
    page.goto(path)
    page.get_by_label("Код доступа").fill(code)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()


def test_a_legal_entity_downloads_and_signs_a_document(page, settings, tmp_path, screenshot):
    settings.MEDIA_ROOT = tmp_path
    user = OrganisationUserFactory(password=PASSWORD)
    published_document(user.organisation, number="Д-2048", title="Акт за октябрь", content=PDF,
                       dated=date(2026, 10, 31))
    signed = tmp_path / "signed.pdf"
    signed.write_bytes(PDF)

    _log_in(page, "/login/legal/", user.organisation.access_code)
    expect(page.get_by_role("link", name="Д-2048")).to_be_visible()
    page.get_by_role("link", name="Акт: Акт за октябрь").click()
    with page.expect_download():
        page.get_by_role("link", name="Скачать документ (PDF)").click()
    page.get_by_label(re.compile(r"^Файл")).set_input_files(str(signed))
    page.get_by_role("button", name="Отправить", exact=True).click()

    expect(page.get_by_text("Файл отправлен предприятию.")).to_be_visible()
    expect(page.get_by_text("Подписан", exact=True)).to_be_visible()
    expect(page.get_by_text("Скачан организацией")).to_be_visible()
    screenshot(page, "document-signed-desktop")


def test_a_management_company_submits_a_communal_reading(phone_page, screenshot):
    user = ManagementCompanyUserFactory(password=PASSWORD)
    building = BuildingFactory(management_company=user.organisation, has_communal_meter=True)
    meter = MeterFactory(account=None, building=building, initial_reading=Decimal("900"))
    page = phone_page
    with time_machine.travel(datetime(2026, 11, 18, 12, tzinfo=ZoneInfo("Asia/Novosibirsk"))):
        _log_in(page, "/login/management/", user.organisation.access_code)
        page.get_by_label(re.compile(meter.serial)).fill("912.5")
        page.get_by_role("button", name="Передать показания").click()

        expect(page.get_by_text("Показания общедомовых приборов учёта приняты.")).to_be_visible()
        screenshot(page, "company-cabinet-phone")


@pytest.mark.parametrize("viewport", ["phone_page", "page"])
def test_a_management_company_hands_in_its_flats_readings(request, viewport, transactional_db,
                                                          tmp_path, screenshot):
    user = ManagementCompanyUserFactory(password=PASSWORD)
    building = BuildingFactory(management_company=user.organisation, has_communal_meter=True,
                               address="г. Новосибирск, ул. Кирова, д. 27")
    flats = []
    for flat in ("15", "16"):
        account = PersonalAccountFactory(building=building, flat=flat,
                                         number=f"02-02715{flat}")
        flats.append((account, MeterFactory(account=account, water="cold", serial=f"C{flat}",
                                            initial_reading=Decimal("100"))))
    page = request.getfixturevalue(viewport)
    with time_machine.travel(datetime(2026, 11, 18, 12, tzinfo=ZoneInfo("Asia/Novosibirsk"))):
        _log_in(page, "/login/management/", user.organisation.access_code)
        page.get_by_role("link", name="Передать показания квартир").click()
        expect(page.get_by_text("не передано")).to_have_count(2)
        page.get_by_role("link", name="Передать 02-0271515").click()
        page.get_by_label("Холодная вода № C15").press_sequentially("104,5")
        page.get_by_role("button", name="Передать показания").click()
        expect(page.get_by_text("Показания квартиры 15 приняты.")).to_be_visible()

        with page.expect_download() as download:
            page.get_by_role("link", name="Скачать бланк (CSV)").click()
        form = download.value.path().read_text(encoding="utf-8-sig").splitlines()
        filled = tmp_path / "readings.csv"
        filled.write_text("\n".join([form[0], form[2].replace(";;", ";107,25;", 1)]),
                          encoding="utf-8")
        page.get_by_label("Файл с показаниями (CSV)").set_input_files(str(filled))
        page.get_by_role("button", name="Отправить файл").click()

        expect(page.get_by_text("Принято 1 показание.")).to_be_visible()
        expect(page.get_by_text("не передано")).to_have_count(0)
        screenshot(page, f"company-flats-{viewport}")
    readings = {meter.serial: meter.readings.get().value for _account, meter in flats}
    assert readings == {"C15": Decimal("104.500"), "C16": Decimal("107.250")}
