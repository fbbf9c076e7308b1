"""A synthetic city for benchmarks: N accounts with years of history, made in SQL.

QUALITY.md's data set: every account registered, 36 months of charges for two
services, a payment a month, two meters with a reading a month, and a tariff
notice asked for by e-mail. Built by a handful of INSERT … SELECT statements
over generate_series, so 100,000 accounts take minutes, not hours. Values are
deterministic (derived from the row numbers), so two builds are the same.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import CustomerCategory, PersonalAccount
from billing.models import Tariff
from billing.periods import add_months, month_start
from billing.services import balances_rebuild
from meters.models import ReadingRules

ACCOUNTS_PER_BUILDING = 50
PASSWORD = "Synthetic-City-2026"
PRICES = {"cold_water": Decimal("32.17"), "sewerage": Decimal("25.43")}
# Meters: what each uses a month (m³), so a new reading is never "high".
MONTHLY_USE = {"cold": Decimal("3.000"), "hot": Decimal("2.000")}


class CityNotEmpty(Exception):
    pass


@dataclass(frozen=True)
class SyntheticCity:
    accounts: int
    months: int
    first_period: date
    last_period: date

    @property
    def charge_rows(self) -> int:
        return self.accounts * self.months * len(PRICES)


def account_number(index: int) -> str:
    """The n-th synthetic account (1-based), as the SQL below numbers them."""
    return f"01-{index:07d}"


def synthetic_city_build(*, accounts: int, months: int, today: date) -> SyntheticCity:
    """Fill an empty database. Refuses a database that holds any personal account."""
    if PersonalAccount.objects.exists():
        raise CityNotEmpty("the database already holds personal accounts")
    last = add_months(month_start(today), -1)
    city = SyntheticCity(accounts=accounts, months=months,
                         first_period=add_months(last, -(months - 1)), last_period=last)
    with transaction.atomic():
        _register(city)
        _history(city, today=today)
        _meters(city, today=today)
        _rules_and_tariffs(city)
    with transaction.atomic():
        balances_rebuild(account_ids=list(PersonalAccount.objects.values_list("id", flat=True)))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return city


def _execute(sql: str, params: dict) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _register(city: SyntheticCity) -> None:
    params = {"accounts": city.accounts, "per_building": ACCOUNTS_PER_BUILDING,
              "password": make_password(PASSWORD), "category": CustomerCategory.APARTMENT}
    _execute("""
        INSERT INTO accounts_building (external_id, address, has_communal_meter, latitude,
                                       longitude)
        SELECT 'syn-b-' || b, 'ул. Синтетическая, д. ' || b, false,
               54.98 + (b %% 97) / 1000.0, 82.89 + (b %% 89) / 1000.0
          FROM generate_series(1, ceil(%(accounts)s::numeric / %(per_building)s)::int) b
    """, params)
    _execute("""
        INSERT INTO accounts_user (password, username, first_name, last_name, email,
                                   is_superuser, is_staff, is_active, date_joined, kind, phone,
                                   must_change_password)
        SELECT %(password)s, 'account-01-' || lpad(a::text, 7, '0'), '', '',
               'subscriber' || a || '@example.org', false, false, true, now(), 'individual',
               '', false
          FROM generate_series(1, %(accounts)s) a
    """, params)
    _execute("""
        INSERT INTO accounts_personalaccount (external_id, number, flat, last_name, first_name,
                                              middle_name, category, residents, registered_at,
                                              building_id, user_id)
        SELECT 'syn-a-' || a, '01-' || lpad(a::text, 7, '0'),
               ((a - 1) %% %(per_building)s + 1)::text, 'Синтетов', 'Иван', 'Петрович',
               %(category)s, 1 + a %% 4, now(), b.id, u.id
          FROM generate_series(1, %(accounts)s) a
          JOIN accounts_building b ON b.external_id = 'syn-b-' || ((a - 1) / %(per_building)s + 1)
          JOIN accounts_user u ON u.username = 'account-01-' || lpad(a::text, 7, '0')
    """, params)
    _execute("""
        INSERT INTO support_notificationchoice (user_id, kind, channel)
        SELECT user_id, 'tariff_change', 'email' FROM accounts_personalaccount
    """, params)


def _history(city: SyntheticCity, *, today: date) -> None:
    params = {"first": city.first_period, "last": city.last_period, "today": today,
              "cold": PRICES["cold_water"], "sewerage": PRICES["sewerage"]}
    # Volume 2.0–10.9 m³ a month, varying by account and month; sewerage = cold water.
    _execute("""
        INSERT INTO billing_charge (period, service, volume, tariff, amount, recalculation,
                                    external_id, account_id)
        SELECT p::date, s.service, v.volume, s.price, round(v.volume * s.price, 2), 0,
               'syn-c-' || a.id || '-' || to_char(p, 'YYYYMM') || '-' || s.service, a.id
          FROM accounts_personalaccount a
         CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 month') p
         CROSS JOIN (VALUES ('cold_water', %(cold)s::numeric),
                            ('sewerage', %(sewerage)s::numeric)) s (service, price)
         CROSS JOIN LATERAL (SELECT 2 + ((a.id * 7 + extract(month FROM p)::int * 13) %% 90)
                                    / 10.0 AS volume) v
    """, params)
    # Paid on the 10th of the next month; every tenth account pays half and owes.
    _execute("""
        INSERT INTO billing_paymentreceived (paid_on, amount, channel, external_id, account_id)
        SELECT (period + interval '1 month 9 days')::date,
               round(sum(amount) * CASE WHEN account_id %% 10 = 0 THEN 0.5 ELSE 1 END, 2),
               'bank', 'syn-p-' || account_id || '-' || to_char(period, 'YYYYMM'), account_id
          FROM billing_charge
         WHERE (period + interval '1 month 9 days')::date <= %(today)s
         GROUP BY account_id, period
    """, params)


def _meters(city: SyntheticCity, *, today: date) -> None:
    params = {"first": city.first_period, "last": city.last_period,
              "installed": add_months(city.first_period, -1),
              "due": today + timedelta(days=3 * 365),
              "cold": MONTHLY_USE["cold"], "hot": MONTHLY_USE["hot"]}
    _execute("""
        INSERT INTO meters_meter (external_id, water, serial, place, installed_on,
                                  verification_due, initial_reading, account_id)
        SELECT 'syn-m-' || a.id || '-' || w.water, w.water, w.water || '-' || a.id,
               'Ванная', %(installed)s, %(due)s, 0, a.id
          FROM accounts_personalaccount a CROSS JOIN (VALUES ('cold'), ('hot')) w (water)
    """, params)
    # A reading a month; the n-th month's value is n months' use.
    _execute("""
        INSERT INTO meters_reading (period, value, consumption, high_consumption, reviewed,
                                    source, submitted_at, meter_id, submitted_by_id)
        SELECT p::date, u.use * n, u.use, false, false, 'portal', p + interval '20 days',
               m.id, NULL
          FROM meters_meter m
          JOIN (VALUES ('cold', %(cold)s::numeric), ('hot', %(hot)s::numeric)) u (water, use)
            ON u.water = m.water
         CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 month')
               WITH ORDINALITY AS months (p, n)
    """, params)


def _rules_and_tariffs(city: SyntheticCity) -> None:
    # The widest window staff can set, so a benchmark can submit readings most days.
    ReadingRules.objects.update_or_create(pk=1, defaults={"opens_on_day": 1,
                                                          "closes_on_day": 28})
    for service, price in PRICES.items():
        Tariff.objects.create(service=service, category=CustomerCategory.APARTMENT,
                              valid_from=city.first_period, price=price)



def city_build_and_say(accounts: int, months: int) -> None:
    """`manage.py shell -c` runs this (tests/bench/dataset.py): Django is set up there."""
    city = synthetic_city_build(accounts=accounts, months=months, today=timezone.localdate())
    print(f"Synthetic city: {city.accounts} accounts, {city.charge_rows} charges "
          f"({city.first_period:%m.%Y}–{city.last_period:%m.%Y}). Logins "
          f"{account_number(1)}…{account_number(city.accounts)}, password {PASSWORD}.")
