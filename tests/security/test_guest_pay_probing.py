"""What a stranger learns at /pay/: a masked address for any well-formed number, the same
in shape and cost whether the account exists or not; a private house masked as a flat is;
the holder's surname tried only so often per account, from wherever; the lookups limited
per client address and for the whole site, each with a clear message."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from payments.models import PaymentOrder
from tests.factories import BuildingFactory, PersonalAccountFactory


@pytest.fixture
def register(db):
    """A flat, a private house, and a hundred other accounts to stand in for absent ones."""
    flat = PersonalAccountFactory(
        number="01-4512001", flat="34", last_name="Ёжикова",
        building=BuildingFactory(address="г. Новосибирск, ул. Ленина, д. 12"))
    house = PersonalAccountFactory(
        number="11-0007785", flat="", last_name="Петров", category="private_house",
        building=BuildingFactory(address="г. Новосибирск, ул. Садовая, д. 15"))
    for n in range(100):
        building = BuildingFactory(address=f"г. Новосибирск, ул. Мира, д. {n}")
        PersonalAccountFactory(number=f"02-{n:07}", flat=str(n + 1), building=building)
    return flat, house


def _find(client, number: str, surname: str = "", address: str = "198.51.100.1"):
    return client.post(reverse("payments:guest_pay"),
                       {"number": number, "surname": surname, "step": "find"},
                       REMOTE_ADDR=address)


def _card(page: str) -> str:
    """The found account's card, its markup kept, with its number taken out."""
    card = page[page.index('<section class="card" role="status"'):]
    return re.sub(r"\d{2}-\d{7}", "NN-NNNNNNN", card[:card.index("</section>")])


def _shape(card: str) -> str:
    return re.sub(r"[^<>/=\"\s]+", "x", card)


def test_a_private_house_is_masked_like_a_flat(client, register):
    page = _find(client, "11-7785").content.decode()

    assert "ул. Садовая, д. 1*" in page
    assert "д. 15" not in page
    assert "Петров" not in page


def test_a_number_not_in_the_register_answers_as_one_that_is(client, register):
    flat, _house = register
    real = _card(_find(client, flat.number).content.decode())
    absent = _card(_find(client, "01-7654321").content.decode())

    assert _shape(absent) == _shape(real)
    assert re.search(r"ул\. [^,]+, д\. \d+, кв\. \d*\*", absent)
    assert _card(_find(client, "01-7654321").content.decode()) == absent  # the same each time
    assert "нет" not in absent.lower()


def test_both_answers_cost_the_same_queries(client, register):
    flat, _house = register
    counts = []
    for number in (flat.number, "01-7654321"):
        with CaptureQueriesContext(connection) as queries:
            _find(client, number)
        counts.append(len(queries))

    assert counts[0] == counts[1]


def test_the_holders_surname_is_tried_only_so_often_per_account_from_anywhere(client, register):
    flat, _house = register
    for n in range(settings.GUEST_PAYMENT_SURNAMES_PER_ACCOUNT):
        _find(client, flat.number, surname=f"Угадайка{n}", address=f"203.0.113.{n}")

    page = _find(client, flat.number, surname="ежикова", address="192.0.2.200").content.decode()

    assert "Для этого лицевого счёта ввели слишком много фамилий" in page
    assert "К оплате сейчас" not in page  # the right surname, but no longer checked
    other = _find(client, "02-0000001", surname="x", address="192.0.2.200").content.decode()
    assert "слишком много фамилий" not in other  # another account is not held back


def test_lookups_are_limited_per_client_address(client, register):
    for n in range(settings.FORM_LIMITS_PER_HOUR["client"]):
        _find(client, f"02-{n:07}")

    refused = _find(client, "02-0000099")

    assert refused.status_code == 429
    assert "Слишком много попыток" in refused.content.decode()


def test_the_whole_site_has_a_budget_a_minute(client, register, settings):
    settings.GUEST_PAYMENT_LOOKUPS_PER_MINUTE = 5
    answers = [_find(client, f"02-{n:07}", address=f"203.0.113.{n}").status_code
               for n in range(6)]

    assert answers == [200] * 5 + [429]
    page = _find(client, "02-0000050", address="192.0.2.7").content.decode()
    assert "Сейчас к этой странице слишком много обращений" in page
    assert not PaymentOrder.objects.exists()
