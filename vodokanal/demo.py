"""A small believable city for `make run`: rebuilt the same way however often it runs.

Everything is keyed by an external id (or a username), so a second run updates
rows instead of adding them; random figures come from generators seeded by the
account number, so they are the same every time.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Building, CustomerCategory, Organisation, PersonalAccount, User
from billing.documents import document_publish
from billing.models import (
    Charge,
    Contract,
    ContractCharge,
    ContractPayment,
    Document,
    PaymentReceived,
    Service,
    ServicePoint,
    Tariff,
)
from billing.money import to_roubles
from billing.periods import add_months, month_start
from billing.services import balances_rebuild
from meters.models import Meter, Reading
from support.models import Announcement, FaqEntry, Office
from support.services import notifications_default_set

DEMO_PASSWORD = "Demo-Vodokanal-2026"  # noqa: S105 - printed for the local demo on purpose
HISTORY_MONTHS = 24
CITY = "г. Новосибирск"

ORGANISATIONS = [
    # external id, kind, name, INN, KPP, access code, website
    ("MC-1", Organisation.Kind.MANAGEMENT_COMPANY, "ООО УК «Жилфонд-Сервис»", "5406123450",
     "540601001", "UK-200117", "https://zhilfond-service.example"),
    ("MC-2", Organisation.Kind.MANAGEMENT_COMPANY, "ООО УК «Левобережная»", "5404234561",
     "540401001", "UK-200245", "https://levoberezhnaya.example"),
    ("LE-1", Organisation.Kind.LEGAL_ENTITY, "ООО «Сибирская пекарня»", "5405345672",
     "540501001", "UL-100234", ""),
    ("LE-2", Organisation.Kind.LEGAL_ENTITY, "АО «Обской прачечный комбинат»", "5410456783",
     "541001001", "UL-100578", ""),
]

BUILDINGS = [
    # external id, address, management company, communal meter, latitude, longitude
    ("B-1", "ул. Ленина, д. 12", "MC-1", False, "55.030204", "82.920430"),
    ("B-2", "Красный проспект, д. 59", "MC-1", False, "55.042150", "82.917590"),
    ("B-3", "ул. Кирова, д. 27", "MC-2", True, "55.023870", "82.944120"),
    ("B-4", "ул. Станиславского, д. 8", "MC-2", False, "54.996510", "82.873260"),
    ("B-5", "ул. Титова, д. 31", "MC-2", False, "55.001870", "82.885430"),
    ("H-1", "ул. Петухова, д. 45", None, False, "54.954330", "82.878110"),
    ("H-2", "ул. Писарева, д. 102", None, False, "55.051420", "82.935870"),
    ("H-3", "ул. Сухарная, д. 17", None, False, "55.063290", "82.904220"),
]

PEOPLE = [
    ("Иванова", "Анна", "Сергеевна"), ("Смирнов", "Алексей", "Викторович"),
    ("Кузнецова", "Мария", "Андреевна"), ("Попов", "Дмитрий", "Олегович"),
    ("Васильева", "Елена", "Игоревна"), ("Соколов", "Николай", "Петрович"),
    ("Михайлова", "Ольга", "Юрьевна"), ("Новиков", "Сергей", "Александрович"),
    ("Фёдорова", "Татьяна", "Николаевна"), ("Морозов", "Артём", "Денисович"),
    ("Волкова", "Ирина", "Владимировна"), ("Алексеев", "Павел", "Сергеевич"),
    ("Лебедева", "Наталья", "Михайловна"), ("Семёнов", "Григорий", "Ильич"),
    ("Егорова", "Светлана", "Борисовна"), ("Павлов", "Константин", "Евгеньевич"),
]

# Prices per m³ (roubles, VAT included for organisations) by the date they came in.
TARIFFS = [
    (date(2024, 1, 1), Decimal("33.51"), Decimal("27.02")),
    (date(2024, 7, 1), Decimal("36.53"), Decimal("29.45")),
    (date(2025, 7, 1), Decimal("40.55"), Decimal("32.70")),
    (date(2026, 10, 1), Decimal("45.01"), Decimal("36.30")),
]
BUSINESS_MARKUP = Decimal("1.20")


@dataclass(frozen=True)
class DemoLogin:
    who: str
    login: str
    url: str


@dataclass(frozen=True)
class DemoAccount:
    number: str
    building: str
    flat: str
    person: tuple[str, str, str]
    registered: bool = False


# The accounts a visitor of the demo meets by name; the rest of the city is generated.
NAMED_ACCOUNTS = [
    DemoAccount("01-1234567", "B-1", "34", PEOPLE[0], registered=True),
    DemoAccount("11-0007785", "H-1", "", ("Петров", "Пётр", "Петрович"), registered=True),
    DemoAccount("02-0271515", "B-3", "15", ("Зайцева", "Людмила", "Фёдоровна"), registered=True),
    DemoAccount("01-1234570", "B-1", "37", ("Орлов", "Виктор", "Степанович")),
]
# Left unregistered so that a visitor can try the registration with it.
REGISTRATION_EXAMPLE = NAMED_ACCOUNTS[-1]


@transaction.atomic
def build(*, today: date) -> list[DemoLogin]:
    organisations = _organisations()
    buildings = _buildings(organisations)
    accounts = _personal_accounts(buildings)
    _tariffs()
    _history(accounts, today=today)
    balances_rebuild(account_ids=[account.pk for account in accounts])
    for organisation in organisations.values():
        if organisation.kind == Organisation.Kind.LEGAL_ENTITY:
            _contract(organisation, today=today)
    for account in accounts:
        _meters(account, today=today)
    _communal_meters(buildings, today=today)
    _offices()
    _announcements(today=today)
    _faq(today=today)
    return _logins(accounts, organisations)


OFFICES = [
    # name, address, latitude, longitude
    ("Центральное отделение", "ул. Революции, д. 5", "55.029500", "82.921800"),
    ("Левобережное отделение", "ул. Станиславского, д. 2", "54.983400", "82.869300"),
    ("Калининское отделение", "ул. Богдана Хмельницкого, д. 11", "55.071900", "82.951200"),
]


def _announcements(*, today: date) -> None:
    """A planned outage on ул. Ленина next week and a city-wide announcement, as published
    (the demo tells nobody: its logins' mail is not real)."""
    starts = timezone.make_aware(datetime.combine(today + timedelta(days=7), time(9)))
    for title, defaults in (
            ("Замена задвижки на водоводе", {
                "kind": Announcement.Kind.PLANNED, "service": Announcement.Service.COLD_WATER,
                "text": "Холодной воды не будет с 9 до 18 часов. Подвоз воды — во дворе дома 12.",
                "starts_at": starts, "ends_at": starts + timedelta(hours=9),
                "streets": "ул. Ленина"}),
            ("Новый номер аварийно-диспетчерской службы", {
                "kind": Announcement.Kind.ANNOUNCEMENT, "whole_city": True,
                "text": "Аварийно-диспетчерская служба отвечает круглосуточно: 290-72-90.",
                "starts_at": starts - timedelta(days=7), "ends_at": starts + timedelta(days=30)})):
        Announcement.objects.update_or_create(title=title, defaults={
            **defaults, "published_at": starts - timedelta(days=7), "version": 1})


# What residents ask the utility most, as the FAQ answers it (topic, question, answer).
FAQ = [
    ("meters", "Как и когда передавать показания счётчиков?",
     "В личном кабинете, на вкладке «Счётчики», с 15 по 25 число месяца. Показания, "
     "переданные после 25-го, учитываются в следующем месяце. До конца срока их можно "
     "исправить, отправив ещё раз."),
    ("meters", "Срок поверки счётчика истёк. Что делать?",
     "Сдайте счётчик на поверку или замените его в аккредитованной организации. Сведения о "
     "поверке появляются во ФГИС «Аршин», бумажное свидетельство приносить не нужно; "
     "сообщите нам о поверке вопросом в кабинете. Пока срок поверки истёк, показания по "
     "счётчику не принимаются."),
    ("meters", "Один счётчик сломался. Можно передать показания второго?",
     "Да: заполните поле исправного счётчика, поле сломанного оставьте пустым. О замене "
     "сломанного сообщите нам."),
    ("charges", "Где взять квитанцию, если бумажная не пришла?",
     "В личном кабинете, на вкладке «Квитанции», — за любой месяц или на текущий долг, в PDF "
     "с QR-кодом для оплаты. В настройках уведомлений можно получать квитанцию по "
     "электронной почте каждый месяц."),
    ("charges", "Почему начисление за месяц больше обычного?",
     "Проверьте на вкладке «Расчёты» объём и перерасчёт за месяц. Если показания не "
     "переданы, начисление идёт по среднему или по нормативу. Если не согласны — задайте "
     "вопрос, приложив фото счётчика."),
    ("charges", "Я оплатил, а платёж не виден. Что делать?",
     "Платёж через портал виден сразу после подтверждения банка; платёж в отделении банка "
     "или через приложение — после того, как банк передаст реестр, обычно за 1–3 рабочих "
     "дня. Если прошло больше, задайте вопрос и приложите чек."),
    ("account", "Как зарегистрироваться в личном кабинете?",
     "На странице «Регистрация» укажите номер лицевого счёта, адрес и ФИО так, как они "
     "напечатаны в квитанции, и адрес электронной почты: на него придёт ссылка для пароля."),
    ("supply", "Нет воды. Куда звонить?",
     "В аварийно-диспетчерскую службу по телефону 290-72-90, круглосуточно. Плановые и "
     "аварийные отключения по вашей улице — на странице «Отключения»."),
]


def _faq(*, today: date) -> None:
    published = timezone.make_aware(datetime.combine(today - timedelta(days=30), time(10)))
    for topic, question, answer in FAQ:
        FaqEntry.objects.update_or_create(question=question, defaults={
            "topic": topic, "answer": answer, "published_at": published})


def _offices() -> None:
    for name, address, latitude, longitude in OFFICES:
        Office.objects.update_or_create(name=name, defaults={
            "address": f"{CITY}, {address}", "latitude": Decimal(latitude),
            "longitude": Decimal(longitude), "phone": "290-72-90",
            "services": "Договоры, показания счётчиков, оплата, справки"})


def _meters(account: PersonalAccount, *, today: date) -> None:
    """A cold and a hot meter with a year of readings up to last month.

    The first account's hot meter is due for verification soon, so the
    cabinet has something to warn about.
    """
    rng = random.Random(f"meters-{account.number}")
    for water, base in ((Meter.Water.COLD, 100), (Meter.Water.HOT, 60)):
        due = date(today.year + 3, 6, 30)
        if account.number == NAMED_ACCOUNTS[0].number and water == Meter.Water.HOT:
            due = today + timedelta(days=20)
        meter, _created = Meter.objects.update_or_create(
            external_id=f"demo-{account.number}-{water}",
            defaults={"account": account, "water": water, "place": "ванная",
                      "serial": f"{rng.randrange(10**7, 10**8)}",
                      "installed_on": date(2021, 3, 12), "verification_due": due,
                      "initial_reading": Decimal(base)})
        _year_of_readings(meter, rng=rng, monthly_litres=(3000, 7000), today=today)


def _communal_meters(buildings: dict[str, Building], *, today: date) -> None:
    """The meter of each building that has one, so that its management company has
    readings to send (its flats' residents are sent to the company)."""
    for building in buildings.values():
        if not building.has_communal_meter:
            continue
        rng = random.Random(f"communal-{building.external_id}")
        meter, _created = Meter.objects.update_or_create(
            external_id=f"demo-{building.external_id}-communal",
            defaults={"building": building, "water": Meter.Water.COLD, "place": "подвал",
                      "serial": f"{rng.randrange(10**7, 10**8)}",
                      "installed_on": date(2020, 9, 1),
                      "verification_due": date(today.year + 2, 9, 1),
                      "initial_reading": Decimal(5000)})
        _year_of_readings(meter, rng=rng, monthly_litres=(40_000, 60_000), today=today)


def _year_of_readings(meter: Meter, *, rng: random.Random, monthly_litres: tuple[int, int],
                      today: date) -> None:
    """A reading a month for the twelve months before this one."""
    value = meter.initial_reading
    for months_back in range(12, 0, -1):
        used = Decimal(rng.randrange(*monthly_litres)) / 1000
        value += used
        Reading.objects.update_or_create(
            meter=meter, period=add_months(month_start(today), -months_back),
            defaults={"value": value, "consumption": used})


def _contract(organisation: Organisation, *, today: date) -> None:
    """A contract with a service point, six months of charges and payments, and an act."""
    contract, _created = Contract.objects.update_or_create(
        external_id=f"K-{organisation.external_id}",
        defaults={"organisation": organisation, "number": f"Д-{organisation.inn[-4:]}",
                  "signed_on": date(2023, 1, 16)})
    ServicePoint.objects.get_or_create(contract=contract,
                                       address=f"{organisation.address}, производство")
    first = add_months(month_start(today), -6)
    for index in range(6):
        period = add_months(first, index)
        amount = Decimal(4800 + 150 * index).quantize(Decimal("0.01"))
        ContractCharge.objects.update_or_create(
            external_id=f"KC-{contract.pk}-{period:%Y%m}",
            defaults={"contract": contract, "period": period, "service": Service.COLD_WATER,
                      "volume": (amount / Decimal("52.10")).quantize(Decimal("0.001")),
                      "tariff": Decimal("52.10"), "amount": amount})
        paid_on = add_months(period, 1).replace(day=12)
        if paid_on > today:  # the last month is paid in the next; never a date to come
            continue
        ContractPayment.objects.update_or_create(
            external_id=f"KP-{contract.pk}-{period:%Y%m}",
            defaults={"contract": contract, "amount": amount, "paid_on": paid_on})
    if not Document.objects.filter(organisation=organisation).exists():
        _demo_act(organisation, contract, today=today)


def _demo_act(organisation: Organisation, contract: Contract, *, today: date) -> None:
    from weasyprint import HTML  # only here: demo_data should not pay for it otherwise

    html = (f"<h1>Акт сверки</h1><p>{organisation.name}, договор {contract.number}.</p>"
            f"<p>Задолженности на {today:%d.%m.%Y} нет.</p>")
    pdf = HTML(string=html).write_pdf()
    document = Document(organisation=organisation, contract=contract,
                        kind=Document.Kind.RECONCILIATION, title="Акт сверки (демо)",
                        dated=today)
    document.file.save("act.pdf", ContentFile(pdf), save=False)
    document_publish(document=document, actor=None)


def _organisations() -> dict[str, Organisation]:
    result = {}
    for external_id, kind, name, inn, kpp, code, website in ORGANISATIONS:
        result[external_id], _created = Organisation.objects.update_or_create(
            external_id=external_id,
            defaults={"kind": kind, "name": name, "inn": inn, "kpp": kpp, "access_code": code,
                      "website": website, "phone": "+7 383 200-00-00",
                      "address": f"{CITY}, ул. Фрунзе, д. {len(result) + 5}"},
        )
    return result


def _buildings(organisations: dict[str, Organisation]) -> dict[str, Building]:
    result = {}
    for external_id, address, company, communal, latitude, longitude in BUILDINGS:
        result[external_id], _created = Building.objects.update_or_create(
            external_id=external_id,
            defaults={"address": f"{CITY}, {address}", "has_communal_meter": communal,
                      "management_company": organisations.get(company),
                      "latitude": Decimal(latitude), "longitude": Decimal(longitude)},
        )
    return result


def _city_accounts() -> list[DemoAccount]:
    """Six flats in every apartment building and one account per private house."""
    named = {(account.building, account.flat) for account in NAMED_ACCOUNTS}
    generated = []
    for index, (external_id, *_rest) in enumerate(BUILDINGS):
        flats = [""] if external_id.startswith("H-") else [str(n) for n in range(10, 70, 10)]
        for flat in flats:
            if (external_id, flat) in named:
                continue
            serial = 3_000_000 + index * 1000 + len(generated)
            prefix = "11" if external_id.startswith("H-") else f"0{1 + index % 3}"
            person = PEOPLE[len(generated) % len(PEOPLE)]
            generated.append(DemoAccount(f"{prefix}-{serial:07d}", external_id, flat, person))
    return NAMED_ACCOUNTS + generated


def _personal_accounts(buildings: dict[str, Building]) -> list[PersonalAccount]:
    result = []
    for demo in _city_accounts():
        category = (CustomerCategory.PRIVATE_HOUSE if demo.building.startswith("H-")
                    else CustomerCategory.APARTMENT)
        last_name, first_name, middle_name = demo.person
        account, _created = PersonalAccount.objects.update_or_create(
            external_id=f"demo-{demo.number}",
            defaults={"number": demo.number, "building": buildings[demo.building],
                      "flat": demo.flat, "last_name": last_name, "first_name": first_name,
                      "middle_name": middle_name, "category": category,
                      "residents": 1 + int(demo.number[-1]) % 3},
        )
        result.append(account)
    return result


def _tariffs() -> None:
    for valid_from, cold, sewerage in TARIFFS:
        for category in CustomerCategory.values:
            markup = BUSINESS_MARKUP if category == CustomerCategory.BUSINESS else Decimal(1)
            for service, price in ((Service.COLD_WATER, cold), (Service.SEWERAGE, sewerage)):
                Tariff.objects.update_or_create(
                    service=service, category=category, valid_from=valid_from,
                    defaults={"price": to_roubles(price * markup)},
                )


def _price(service: str, period: date) -> Decimal:
    cold, sewerage = next((c, s) for start, c, s in reversed(TARIFFS) if start <= period)
    return cold if service == Service.COLD_WATER else sewerage


def _history(accounts: list[PersonalAccount], *, today: date) -> None:
    """Two years of closed months: charges for both services and the payments that followed."""
    first = add_months(month_start(today), -HISTORY_MONTHS)
    charges, payments = [], []
    for account in accounts:
        rng = random.Random(account.number)
        debtor = rng.random() < 0.2
        period = first
        while period < month_start(today):
            month_charges = _month_charges(account, period, rng)
            charges.extend(month_charges)
            payment = _payment(account, period, month_charges, rng, debtor=debtor, today=today)
            if payment:
                payments.append(payment)
            period = add_months(period, 1)
    Charge.objects.bulk_create(
        charges, update_conflicts=True, unique_fields=["external_id"],
        update_fields=["volume", "tariff", "amount", "recalculation"], batch_size=2000,
    )
    PaymentReceived.objects.bulk_create(
        payments, update_conflicts=True, unique_fields=["external_id"],
        update_fields=["paid_on", "amount", "channel"], batch_size=2000,
    )


def _month_charges(account: PersonalAccount, period: date, rng: random.Random) -> list[Charge]:
    residents = Decimal(account.residents)
    cold = Decimal(str(round(rng.uniform(2.8, 4.6), 3))) * residents
    has_hot_water = account.category == CustomerCategory.APARTMENT
    hot = Decimal(str(round(rng.uniform(1.6, 3.0), 3))) * residents if has_hot_water else 0
    volumes = {Service.COLD_WATER: cold, Service.SEWERAGE: cold + hot}
    result = []
    for service, volume in volumes.items():
        price = _price(service, period)
        amount = to_roubles(volume * price)
        recalculation = Decimal(0)
        if service == Service.COLD_WATER and rng.random() < 0.05:
            recalculation = -to_roubles(amount * Decimal("0.3"))
        result.append(Charge(
            account=account, period=period, service=service, volume=volume, tariff=price,
            amount=amount, recalculation=recalculation,
            external_id=f"demo-{account.number}-{period:%Y%m}-{service}",
        ))
    return result


def _payment(account, period, charges, rng, *, debtor: bool, today: date):
    """Most people pay the month's total in the next month; debtors skip some months."""
    if rng.random() < (0.45 if debtor else 0.06):
        return None
    paid_on = add_months(period, 1).replace(day=rng.randint(5, 25))
    if paid_on > today:
        return None
    total = sum((charge.amount + charge.recalculation for charge in charges), Decimal(0))
    if rng.random() < 0.25:  # some round the sum up at the bank counter
        total = Decimal((int(total) // 100 + 1) * 100)
    channel = rng.choice(PaymentReceived.Channel.values)
    return PaymentReceived(account=account, paid_on=paid_on, amount=to_roubles(total),
                           channel=channel, external_id=f"demo-{account.number}-{period:%Y%m}")


def _logins(accounts, organisations) -> list[DemoLogin]:
    logins = [_individual_login(account) for account in accounts if _is_registered(account)]
    for organisation in organisations.values():
        logins.append(_organisation_login(organisation))
    staff, _created = User.objects.get_or_create(
        username="admin", defaults={"kind": User.Kind.STAFF, "email": "admin@localhost"})
    staff.is_staff = staff.is_superuser = True
    staff.set_password(DEMO_PASSWORD)
    staff.save()
    logins.append(DemoLogin("Staff (Django admin)", "admin", reverse("admin:index")))
    return logins


def _is_registered(account: PersonalAccount) -> bool:
    return any(demo.number == account.number and demo.registered for demo in NAMED_ACCOUNTS)


def _individual_login(account: PersonalAccount) -> DemoLogin:
    user, _created = User.objects.get_or_create(
        username=f"account-{account.number}",
        defaults={"kind": User.Kind.INDIVIDUAL,
                  "email": f"{account.number.replace('-', '')}@example.com",
                  "first_name": account.first_name, "last_name": account.last_name},
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    if _created:
        notifications_default_set(user=user)
    if account.user_id != user.pk:
        account.user = user
        account.registered_at = user.date_joined
        account.save(update_fields=["user", "registered_at"])
    return DemoLogin(f"Individual, {account.address}", account.number,
                     reverse("accounts:login"))


def _organisation_login(organisation: Organisation) -> DemoLogin:
    kind = User.Kind(organisation.kind)
    user, _created = User.objects.get_or_create(
        username=f"org-{organisation.access_code}",
        defaults={"kind": kind, "organisation": organisation, "email": "office@example.com"},
    )
    user.set_password(DEMO_PASSWORD)
    user.save()
    form = ("accounts:login_management" if kind == User.Kind.MANAGEMENT_COMPANY
            else "accounts:login_legal")
    return DemoLogin(f"{kind.label}, {organisation.name}", organisation.access_code,
                     reverse(form))

