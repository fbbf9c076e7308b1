"""A billing file that is broken in a way a program or an editor breaks files: refused whole,
with the line, from `manage.py billing_import` and in admin alike; never a 500, never a
silently shortened import."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from billing.exchange.formats import FORMATS
from billing.exchange.importer import ImportRejected, billing_file_import
from billing.models import Charge, MonthlyBalance
from tests.factories import PersonalAccountFactory

HEADER = "external_id;account_number;period;service;volume;tariff;amount;recalculation"
GOOD = "C{n};01-1234567;2026-{n:02d};cold_water;8.810;45.01;396.54;0"


def _file(*rows: str) -> bytes:
    good = [GOOD.format(n=n) for n in range(1, 4)]  # lines 2 to 4
    return ("\n".join([HEADER, *good, *rows, GOOD.format(n=9)]) + "\n").encode()


CASES = {  # what is wrong → (the file, the line named, words of the message in Russian)
    "end of data marker": (_file("\\."), 5, "строка только из \\. не является данными"),
    "NUL byte": (_file("C5;01-1234567;2026-05;cold_water;1\x00;45.01;396.54;0"), 5,
                 "символ NUL"),
    "unterminated quote": (_file('C5;"01-1234567;2026-05;cold_water;1;45.01;396.54;0'), 5,
                           "кавычка"),
    "an extra column": (_file("C5;01-1234567;2026-05;cold_water;1;45.01;396.54;0;7"), 5,
                        "больше 8 столбцов"),
    "a missing column": (_file("C5;01-1234567;2026-05;cold_water;1;45.01;396.54"), 5,
                         "меньше 8 столбцов"),
    "a 200 KB value": (_file("C5;" + "1" * 200_000 + ";2026-05;cold_water;1;1;1;0"), 5,
                       "account_number"),
    "cp1251": ((HEADER + "\n" + GOOD.format(n=1) + "\nC2;01-1234567;2026-02;холодная;1;1;1;0\n"
                ).encode("cp1251"), 3, "не в кодировке UTF-8"),
    "an empty file": (b"", 1, "файл пуст"),
}


@pytest.fixture
def account(db):
    return PersonalAccountFactory(number="01-1234567")


@pytest.mark.parametrize("case", CASES)
def test_the_import_refuses_the_whole_file_naming_the_line(account, case):
    content, line, words = CASES[case]

    with translation.override("ru"), pytest.raises(ImportRejected) as refused:
        billing_file_import(file_format=FORMATS["charges"], stream=io.BytesIO(content))

    [error] = refused.value.errors
    with translation.override("ru"):
        assert str(error).startswith(f"строка {line}")
        assert words in str(error)
    assert not Charge.objects.exists()
    assert not MonthlyBalance.objects.exists()


@pytest.mark.parametrize("case", CASES)
def test_the_command_names_the_line_and_writes_nothing(account, case, tmp_path, capsys):
    content, line, _words = CASES[case]
    path = tmp_path / "charges.csv"
    path.write_bytes(content)

    with translation.override("ru"), pytest.raises(CommandError, match="nothing imported"):
        call_command("billing_import", "charges", str(path))

    assert capsys.readouterr().err.startswith(f"строка {line}")
    assert not Charge.objects.exists()


@pytest.mark.parametrize("case", CASES)
def test_admin_shows_the_line_and_writes_nothing(admin_client, account, case):
    content, line, words = CASES[case]
    upload = SimpleUploadedFile("charges.csv", content, content_type="text/csv")

    response = admin_client.post(reverse("admin:billing_charge_import"),
                                 {"kind": "charges", "file": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert f"строка {line}" in page
    assert words.replace('"', "&quot;") in page
    assert not Charge.objects.exists()


def test_the_rows_reported_are_the_rows_in_the_file(account):
    rows = [GOOD.format(n=n) for n in range(1, 13)]
    content = ("\n".join([HEADER, *rows]) + "\n").encode()

    result = billing_file_import(file_format=FORMATS["charges"], stream=io.BytesIO(content))
    again = billing_file_import(file_format=FORMATS["charges"], stream=io.BytesIO(content))

    assert (result.rows, result.written) == (12, 12) == (Charge.objects.count(), 12)
    assert (again.rows, again.written) == (12, 0)
