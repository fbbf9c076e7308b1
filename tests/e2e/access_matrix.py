"""The access matrix the browser tests walk: the public pages, and the demo city's pages of
each kind of login, as its owner (`city`, a fixture of tests/e2e/conftest.py)."""

from datetime import date

import time_machine

from billing.models import Contract, Document
from meters.models import Meter
from payments.models import PaymentOrder
from support.models import Question
from vodokanal import demo

TODAY = date(2026, 11, 20)

PUBLIC = ["/", "/login/", "/login/legal/", "/login/management/", "/register/",
          "/password-recovery/", "/password-recovery/organisations/", "/faq/", "/offices/",
          "/contacts/", "/safety/", "/hot-water/", "/register/password/?token=bad",
          "/outages/", "/outages/?q=Ленина", "/questions/ask/", "/offices/?address=Ленина 1",
          "/pay/"]
LOGIN_FORMS = {"individual": ("/login/", "Номер лицевого счёта"),
               "legal_entity": ("/login/legal/", "Код доступа"),
               "management_company": ("/login/management/", "Код доступа")}
PERSONAL = ["/cabinet/", "/cabinet/charges/", "/cabinet/statement/", "/cabinet/receipts/",
            "/cabinet/meters/", "/cabinet/pay/", "/cabinet/questions/", "/cabinet/notices/",
            "/cabinet/notices/settings/", "/profile/", "/profile/password/",
            "/profile/tokens/", "/profile/cards/", "/cabinet/autopay/"]


def city_build() -> dict:
    with time_machine.travel(TODAY, tick=False):
        demo.build(today=TODAY)
    resident = "01-1234567"
    meter = Meter.objects.filter(account__number=resident).first()
    user = meter.account.user
    question = Question.objects.create(user=user, topic="charges",
                                       text="Почему в октябре начислено больше обычного? " * 5)
    order = PaymentOrder.objects.create(order_id="VK-phone", user=user, amount=100,
                                        gateway="acquiring")
    legal = Contract.objects.get(organisation__access_code="UL-100234")
    document = Document.objects.filter(organisation=legal.organisation).first()
    company = Meter.objects.get(building__management_company__access_code="UK-200245")
    return {
        "individual": (resident, [*PERSONAL, f"/cabinet/meters/{meter.pk}/",
                                  f"/cabinet/questions/{question.pk}/",
                                  f"/payments/{order.order_id}/"]),
        "legal_entity": ("UL-100234", [
            "/cabinet/", f"/cabinet/contracts/{legal.number}/", "/cabinet/documents/",
            f"/cabinet/documents/{document.pk}/", "/cabinet/questions/", "/cabinet/notices/",
            "/profile/"]),
        "management_company": ("UK-200245", [
            "/cabinet/", f"/cabinet/buildings/{company.building_id}/flats/",
            f"/cabinet/buildings/{company.building_id}/flats/02-0271515/",
            "/cabinet/questions/", "/cabinet/notices/", "/profile/"]),
        "communal_resident": ("02-0271515", ["/cabinet/", "/cabinet/meters/"]),
    }


def log_in_as(page, kind: str, login: str) -> None:
    form, label = LOGIN_FORMS["individual" if kind == "communal_resident" else kind]
    page.goto(form)
    page.get_by_label(label).fill(login)
    page.get_by_label("Пароль").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url("**/cabinet/")


