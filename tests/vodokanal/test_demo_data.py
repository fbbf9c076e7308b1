from datetime import date, datetime
from decimal import Decimal
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db.models import Count, Sum
from django.urls import reverse

from accounts.models import Building, CustomerCategory, Organisation, PersonalAccount, User
from billing.models import (
    Charge,
    ContractPayment,
    MonthlyBalance,
    PaymentReceived,
    Service,
    Tariff,
)
from vodokanal import demo

TODAY = date(2026, 11, 24)
NOVOSIBIRSK = ZoneInfo("Asia/Novosibirsk")


def _counts() -> dict:
    models = [Organisation, Building, PersonalAccount, User, Tariff, Charge, PaymentReceived,
              MonthlyBalance]
    return {model.__name__: model.objects.count() for model in models}


@pytest.fixture
def city(db):
    return demo.build(today=TODAY)


def test_the_city_has_every_kind_of_account(city):
    kinds = set(User.objects.values_list("kind", flat=True))
    assert kinds == set(User.Kind.values)
    categories = set(PersonalAccount.objects.values_list("category", flat=True))
    assert {CustomerCategory.APARTMENT, CustomerCategory.PRIVATE_HOUSE} <= categories
    assert PersonalAccount.objects.filter(number__startswith="11-").exists()
    communal = Building.objects.filter(has_communal_meter=True)
    assert communal.exists()
    for building in communal:  # its company sends the readings of this meter
        assert building.communal_meters.filter(removed_on=None).exists(), building
    assert Organisation.objects.filter(kind=Organisation.Kind.LEGAL_ENTITY).count() >= 2
    assert Organisation.objects.filter(kind=Organisation.Kind.MANAGEMENT_COMPANY).count() >= 2


def test_two_years_of_history_for_both_services(city):
    account = PersonalAccount.objects.get(number="01-1234567")
    per_service = dict(account.charges.values_list("service").annotate(months=Count("id")))

    assert per_service == {Service.COLD_WATER: 24, Service.SEWERAGE: 24}
    periods = account.charges.values_list("period", flat=True)
    assert min(periods) == date(2024, 11, 1)
    assert max(periods) == date(2026, 10, 1)
    assert account.payments.exists()


def test_balances_add_up_to_charges_minus_payments(city):
    for account in PersonalAccount.objects.all():
        last = account.balances.order_by("-period").first()
        charged = account.charges.aggregate(
            total=Sum("amount") + Sum("recalculation"))["total"]
        paid = account.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        assert last.closing == charged - paid


def test_running_it_again_changes_nothing(city):
    before = _counts()
    closing = list(MonthlyBalance.objects.order_by("id").values_list("closing", flat=True))

    with time_machine.travel(datetime(2026, 11, 24, 15, tzinfo=NOVOSIBIRSK)):
        call_command("demo_data", stdout=StringIO())

    assert _counts() == before
    assert sorted(MonthlyBalance.objects.values_list("closing", flat=True)) == sorted(closing)


LOGIN_FORMS = {  # printed page → where its form posts, and the field for the login
    "/login/": ("/login/", "account_number"),
    "/login/legal/": ("/login/legal/", "access_code"),
    "/login/management/": ("/login/management/", "access_code"),
    "/admin/": ("/admin/login/", "username"),
}


def test_printed_logins_work(city, client):
    for login in city:
        form_url, field = LOGIN_FORMS[login.url]
        response = client.post(form_url, {field: login.login, "password": demo.DEMO_PASSWORD})
        assert response.status_code == 302, login
        client.logout()


def test_staff_user_opens_the_admin(city, client):
    client.force_login(User.objects.get(username="admin"))

    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("today", [date(2026, 12, 3), date(2026, 12, 28), date(2027, 1, 1)])
def test_no_payment_is_dated_in_the_future(db, today):
    demo.build(today=today)

    assert not PaymentReceived.objects.filter(paid_on__gt=today).exists()
    assert not ContractPayment.objects.filter(paid_on__gt=today).exists()


def test_the_demo_residents_have_the_essential_notices_on(city):
    for user in User.objects.filter(kind=User.Kind.INDIVIDUAL):
        choices = set(user.notification_choices.values_list("kind", "channel"))
        assert choices == {("question_answered", "email"), ("payment_received", "email"),
                           ("reading_reminder", "email"), ("tariff_change", "email"),
                           ("outage", "email")}, user


def test_the_demo_has_an_outage_and_an_announcement_to_show(city, client):
    with time_machine.travel(TODAY):
        page = client.get(reverse("support:outages"), {"q": "Ленина"}).content.decode()

    assert "Замена задвижки на водоводе" in page
    assert "Новый номер аварийно-диспетчерской службы" in page


@pytest.mark.parametrize(("word", "found"), [
    ("поверка", "Срок поверки счётчика истёк. Что делать?"),
    ("показания", "Как и когда передавать показания счётчиков?"),
    ("квитанция", "Где взять квитанцию, если бумажная не пришла?")])
def test_the_demo_faq_answers_what_residents_ask(city, client, word, found):
    page = client.get(reverse("support:faq"), {"q": word}).content.decode()

    assert found in page
