"""Import from the billing system (staged by COPY, written by one INSERT), and the export back."""

import io
import itertools
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Building, PersonalAccount
from billing.exchange.formats import FORMATS, Number
from billing.exchange.importer import ImportRejected, billing_file_import
from billing.models import Charge, MonthlyBalance, PaymentReceived
from billing.periods import add_months
from tests.factories import PersonalAccountFactory

CHARGES_HEADER = "external_id;account_number;period;service;volume;tariff;amount;recalculation"


def _import(kind: str, text: str):
    return billing_file_import(file_format=FORMATS[kind], stream=io.BytesIO(text.encode()))


@pytest.fixture
def account(db):
    return PersonalAccountFactory(number="01-1234567")


def _charges(*rows: str) -> str:
    return "\n".join([CHARGES_HEADER, *rows]) + "\n"


OCTOBER = _charges("C1;01-1234567;2026-10;cold_water;8.810;45.01;396.54;0",
                   "C2;01-1234567;2026-10;sewerage;12,684;36.30;460.43;")


def test_charges_land_and_the_balance_follows(account):
    result = _import("charges", OCTOBER)

    assert (result.rows, result.written) == (2, 2)
    sewerage = Charge.objects.get(external_id="C2")
    assert (sewerage.volume, sewerage.amount, sewerage.recalculation) == (
        Decimal("12.684"), Decimal("460.43"), Decimal("0"))
    balance = MonthlyBalance.objects.get(account=account, period=date(2026, 10, 1))
    assert balance.closing == Decimal("856.97")


def test_the_same_file_twice_changes_nothing(account):
    _import("charges", OCTOBER)
    before = list(Charge.objects.order_by("id").values())

    again = _import("charges", OCTOBER)

    assert list(Charge.objects.order_by("id").values()) == before
    assert again.written == 0  # not even rewritten with the same values


def test_a_changed_row_is_updated_by_its_external_id(account):
    _import("charges", OCTOBER)

    _import("charges", _charges("C1;01-1234567;2026-10;cold_water;8.810;45.01;396.54;-50"))

    assert Charge.objects.get(external_id="C1").recalculation == Decimal("-50")
    assert Charge.objects.count() == 2
    balance = MonthlyBalance.objects.get(account=account, period=date(2026, 10, 1))
    assert balance.closing == Decimal("806.97")


def test_new_rows_before_a_known_row_are_all_written_once(account):
    """A file of new rows is inserted; a known row, however late in the
    file, sends the whole file to the upsert, and nothing is written twice."""
    _import("charges", OCTOBER)

    result = _import("charges", _charges(
        "C3;01-1234567;2026-11;cold_water;1;45.01;45.01;0",
        "C4;01-1234567;2026-11;sewerage;1;36.30;36.30;0",
        "C1;01-1234567;2026-10;cold_water;8.810;45.01;396.54;-50"))

    assert (result.rows, result.written) == (3, 3)
    assert Charge.objects.count() == 4
    assert Charge.objects.get(external_id="C1").recalculation == Decimal("-50")
    closing = dict(MonthlyBalance.objects.filter(account=account)
                   .values_list("period", "closing"))
    assert closing == {date(2026, 10, 1): Decimal("806.97"),
                       date(2026, 11, 1): Decimal("888.28")}


def test_a_bad_file_imports_nothing_and_says_where(account):
    bad = _charges("C1;01-1234567;2026-10;cold_water;8.810;45.01;396.54;0",
                   "C2;01-7654321;2026-10;sewerage;1;36.30;36.30;0",
                   "C3;01-1234567;2026-13;sewerage;1;36.30;36.30;0",
                   "C4;01-1234567;2026-09;hot_water;1;36.30;36.30;0",
                   "C5;01-1234567;2026-09;sewerage;-1;36.30;36.30;0",
                   "C1;01-1234567;2026-08;sewerage;1;36.30;36.30;0",
                   ";01-1234567;2026-07;sewerage;1;36.30;abc;0")

    with pytest.raises(ImportRejected) as rejected:
        _import("charges", bad)

    found = {(error.line, error.column) for error in rejected.value.errors}
    assert {(3, "account_number"), (4, "period"), (5, "service"), (6, "volume"),
            (2, "external_id"), (7, "external_id"), (8, "external_id")} <= found
    assert not Charge.objects.exists()
    assert not MonthlyBalance.objects.exists()


@pytest.mark.parametrize(("row", "column"), [
    ("C9;01-1234567;2026-1;sewerage;1;36.30;36.30;0", "period"),  # a date, not YYYY-MM
    ("C9;01-1234567;2026-09;sewerage;1.2345;36.30;36.30;0", "volume"),  # 4 decimals
    ("C9;01-1234567;2026-09;sewerage;1;36.30;36.30;x", "recalculation"),  # optional, bad
    ("C9;01-0000000;2026-09;sewerage;1;36.30;36.30;0", "account_number"),
    ("C9;01-1234567;2026-09;hot_water;1;36.30;36.30;0", "service"),
    ("C1;01-1234567;2026-10;cold_water;8.810;45.01;396.54;0", "external_id"),  # twice
])
def test_one_bad_line_in_a_good_file_is_named(account, row, column):
    """On PostgreSQL a good file is checked by the write itself; a bad line still gets
    its own message, whatever makes it bad."""
    with pytest.raises(ImportRejected) as rejected:
        _import("charges", OCTOBER + row + "\n")

    assert (4, column) in {(error.line, error.column) for error in rejected.value.errors}
    assert not Charge.objects.exists()


def test_every_fault_of_a_line_is_named_with_its_value(account):
    row = "C9;09-0000000;2026-1;hot_water;-1,5;36.30;сто;x"

    with pytest.raises(ImportRejected) as rejected:
        _import("charges", OCTOBER + row + "\n")

    said = [str(error) for error in rejected.value.errors if error.line == 4]
    assert said == ["строка 4, account_number: «09-0000000» не найдено: лицевой счёт",
                    "строка 4, period: «2026-1» должно быть месяцем в виде ГГГГ-ММ",
                    "строка 4, service: «hot_water» должно быть одним из: cold_water, sewerage",
                    "строка 4, volume: «-1,5» должно быть числом, не больше 3 знаков после "
                    "запятой, не отрицательным",
                    "строка 4, amount: «сто» должно быть числом, не больше 2 знаков после "
                    "запятой",
                    "строка 4, recalculation: «x» должно быть числом, не больше 2 знаков после "
                    "запятой"]


def test_a_wrong_header_is_refused(account):
    with pytest.raises(ImportRejected) as rejected:
        _import("charges", "id;number\n1;01-1234567\n")

    assert rejected.value.errors[0].line == 1
    assert CHARGES_HEADER in rejected.value.errors[0].message


def test_a_second_row_for_the_same_month_and_service_is_refused(account):
    _import("charges", OCTOBER)

    with pytest.raises(ImportRejected):
        _import("charges", _charges("OTHER;01-1234567;2026-10;cold_water;1;45.01;45.01;0"))

    assert Charge.objects.count() == 2


def test_buildings_accounts_and_payments(db):
    from tests.factories import OrganisationFactory

    OrganisationFactory(external_id="MC-1", kind="management_company")
    _import("buildings", "external_id;address;management_company;has_communal_meter;latitude;"
            "longitude\nB-9;г. Новосибирск, ул. Фрунзе, д. 5;MC-1;1;55.03;82.92\n"
            "B-10;г. Новосибирск, ул. Петухова, д. 45;;0;;\n")
    _import("accounts", "external_id;number;building;flat;last_name;first_name;middle_name;"
            "category;residents\nA-1;11-0007785;B-10;;Петров;Пётр;Петрович;private_house;3\n")
    _import("payments", "external_id;account_number;paid_on;amount;channel\n"
            "P-1;11-0007785;2026-10-12;856.00;bank\n")

    assert Building.objects.get(external_id="B-9").management_company.external_id == "MC-1"
    assert Building.objects.get(external_id="B-10").management_company is None
    account = PersonalAccount.objects.get(number="11-0007785")
    assert (account.building.external_id, account.flat, account.residents) == ("B-10", "", 3)
    assert PaymentReceived.objects.get().amount == Decimal("856.00")
    assert MonthlyBalance.objects.get(account=account).closing == Decimal("-856.00")


def test_importing_accounts_keeps_who_registered_them(owner):
    account = owner.personal_accounts.get()
    building = account.building
    _import("accounts", "external_id;number;building;flat;last_name;first_name;middle_name;"
            f"category;residents\n{account.external_id};{account.number};{building.external_id};"
            f"{account.flat};Иванова;Анна;Сергеевна;apartment;2\n")

    account.refresh_from_db()
    assert (account.user, account.residents) == (owner, 2)


def test_an_impossible_date_refuses_the_file(account):
    with pytest.raises(ImportRejected):
        _import("payments", "external_id;account_number;paid_on;amount;channel\n"
                "P-1;01-1234567;2026-02-30;1.00;bank\n")

    assert not PaymentReceived.objects.exists()


@pytest.mark.parametrize("kind", [Number(decimals=2), Number(decimals=3, signed=False),
                                  Number(decimals=0, signed=False), Number(decimals=6)],
                         ids=str)
@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(alphabet="0123456789-.,e +", max_size=15), min_size=1))
def test_a_number_is_taken_exactly_as_docs_exchange_md_writes_it(db, kind, texts):
    """Up to ten digits, a sign where allowed, a point or a comma and up to `decimals`
    more: the check the import runs in SQL takes these texts and no others."""
    texts = [*texts, "0", "-0,5", "1234567890.12", "12345678901", "1.", ".5", "1e3", "--1",
             "9,999"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT t, {kind.sql_valid('t')} FROM unnest(%s::text[]) AS t",  # noqa: S608
                       [texts])
        by_sql = dict(cursor.fetchall())
    assert by_sql == {text: bool(re.match(_documented_number(kind), text)) for text in texts}


def _documented_number(kind: Number) -> str:
    sign = "-?" if kind.signed else ""
    fraction = rf"([.,][0-9]{{1,{kind.decimals}}})?" if kind.decimals else ""
    return rf"^{sign}[0-9]{{1,10}}{fraction}$"


def test_balances_run_month_by_month_through_a_gap(account):
    from billing.services import balances_rebuild
    from tests.factories import billing_history

    billing_history(account, first=date(2025, 3, 1), months=9, paid_share=Decimal("0.7"))
    PaymentReceived.objects.create(account=account, paid_on=date(2026, 4, 2), amount=5,
                                   channel="office", external_id="late")  # a gap month

    balances_rebuild(account_ids=[account.pk])

    months = list(MonthlyBalance.objects.filter(account=account).order_by("period"))
    assert [m.period for m in months] == [add_months(date(2025, 3, 1), n) for n in range(14)]
    assert months[0].opening == 0
    for before, month in itertools.pairwise(months):
        assert month.opening == before.closing
    for month in months:
        assert month.closing == month.opening + month.charged + month.recalculated - month.paid
    gap = months[-2]  # March 2026: nothing moved
    assert (gap.charged, gap.recalculated, gap.paid) == (0, 0, 0)
    assert months[-1].paid == 5


BALANCE_COLUMNS = ("account_id", "period", "opening", "charged", "recalculated", "paid",
                   "closing")


def _balances() -> list[tuple]:
    return list(MonthlyBalance.objects.order_by("account_id", "period")
                .values_list(*BALANCE_COLUMNS))


def _as_if_rebuilt_whole() -> list[tuple]:
    from billing.services import balances_rebuild

    balances_rebuild(account_ids=PersonalAccount.objects.values_list("id", flat=True))
    return _balances()


def test_an_import_recomputes_from_the_first_month_it_moves(account):
    other = PersonalAccountFactory(number="01-7654321")
    _import("charges", _charges(*[
        f"C{number}-{month};{number};2026-{month:02d};cold_water;1;10.00;{month}0.00;0"
        for number in ("01-1234567", "01-7654321") for month in range(1, 7)]))
    _import("payments", "external_id;account_number;paid_on;amount;channel\n"
            "P1;01-1234567;2026-03-05;15.00;bank\nP2;01-7654321;2026-09-05;7.00;office\n")
    kept = MonthlyBalance.objects.get(account=account, period=date(2026, 1, 1)).pk

    # March's charge of the first account moves to the other account and to August,
    # a May charge changes, and a month after a gap arrives.
    _import("charges", _charges(
        "C01-1234567-3;01-7654321;2026-08;cold_water;1;10.00;30.00;0",
        "C01-1234567-5;01-1234567;2026-05;cold_water;1;10.00;55.00;-5.00",
        "C01-1234567-12;01-1234567;2026-12;cold_water;1;10.00;1.00;0"))

    assert MonthlyBalance.objects.filter(pk=kept).exists()  # January was not rewritten
    partial = _balances()
    assert partial == _as_if_rebuilt_whole()
    assert (MonthlyBalance.objects.get(account=other, period=date(2026, 8, 1)).charged
            == Decimal("30.00"))


def test_months_an_import_takes_away_lose_their_balance(account):
    """An account's first and last months go when their charges move to another account."""
    PersonalAccountFactory(number="01-7654321")
    _import("charges", _charges(*[
        f"C{month};01-1234567;2026-{month:02d};cold_water;1;10.00;{month}0.00;0"
        for month in range(1, 7)]))

    _import("charges", _charges("C1;01-7654321;2026-01;cold_water;1;10.00;10.00;0",
                                "C6;01-7654321;2026-06;cold_water;1;10.00;60.00;0"))

    months = MonthlyBalance.objects.filter(account=account).values_list("period", flat=True)
    assert sorted(months) == [date(2026, month, 1) for month in range(2, 6)]
    assert _balances() == _as_if_rebuilt_whole()


def test_the_same_file_again_rebuilds_nothing(account):
    _import("charges", OCTOBER)
    before = list(MonthlyBalance.objects.values_list("pk", flat=True))

    _import("charges", OCTOBER)

    assert list(MonthlyBalance.objects.values_list("pk", flat=True)) == before


def test_the_command_prints_the_errors_and_fails(account, tmp_path, capsys):
    path = tmp_path / "charges.csv"
    path.write_text(_charges("C1;01-1234567;2026-10;cold_water;x;45.01;396.54;0"))

    with pytest.raises(CommandError, match="nothing imported"):
        call_command("billing_import", "charges", str(path))

    assert "volume" in capsys.readouterr().err


def test_the_command_imports(account, tmp_path, capsys):
    path = tmp_path / "charges.csv"
    path.write_text(OCTOBER, encoding="utf-8-sig")

    call_command("billing_import", "charges", str(path))

    assert "2 rows, 2 new or changed" in capsys.readouterr().out


def test_staff_upload_a_file_in_admin(admin_client, account):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("charges.csv", OCTOBER.encode(), content_type="text/csv")
    response = admin_client.post(reverse("admin:billing_charge_import"),
                                 {"kind": "charges", "file": upload}, follow=True)

    assert "Прочитано строк: 2, новых или изменённых: 2." in response.content.decode()
    assert Charge.objects.count() == 2


def test_staff_see_row_errors_in_admin(admin_client, account):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("charges.csv", _charges("C1;09-0000000;2026-10;cold_water;1;1;1;0")
                                .encode())
    response = admin_client.post(reverse("admin:billing_charge_import"),
                                 {"kind": "charges", "file": upload})

    assert ("строка 2, account_number: «09-0000000» не найдено: лицевой счёт"
            in response.content.decode())
    assert not Charge.objects.exists()


def test_portal_payments_are_exported(account, tmp_path):
    PaymentReceived.objects.create(account=account, paid_on=date(2026, 10, 12), amount=100,
                                   channel="portal", external_id="W-1")
    PaymentReceived.objects.create(account=account, paid_on=date(2026, 10, 13), amount=50,
                                   channel="bank", external_id="B-1")
    path = tmp_path / "out.csv"

    call_command("billing_export", "payments", "--from", "2026-10-01", "--to", "2026-10-31",
                 "--output", str(path))

    assert path.read_text().splitlines() == [
        "external_id;account_number;paid_on;amount;channel",
        "W-1;01-1234567;2026-10-12;100.00;portal"]


def test_an_exported_file_imports_back(account, tmp_path):
    PaymentReceived.objects.create(account=account, paid_on=date(2026, 10, 12), amount=100,
                                   channel="portal", external_id="W-1")
    path = tmp_path / "out.csv"
    call_command("billing_export", "payments", "--from", "2026-10-01", "--to", "2026-10-31",
                 "--output", str(path))

    with path.open("rb") as stream:
        result = billing_file_import(file_format=FORMATS["payments"], stream=stream)

    assert result.written == 0


def test_the_database_refuses_a_balance_that_is_off_by_a_kopeck(account):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError, match="balance_closing_adds_up"), transaction.atomic():
        MonthlyBalance.objects.create(account=account, period=date(2026, 10, 1), opening=10,
                                      charged=Decimal("100.50"), recalculated=0, paid=50,
                                      closing=Decimal("60.49"))
