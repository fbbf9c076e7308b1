"""Figures measured in this process on the benchmark database: the billing import, receipt
PDFs, the tariff notice fan-out and the cabinet pages' query counts.

Whatever a measurement writes is rolled back, so the city stays as it was built
and every run measures the same thing.
"""

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from weasyprint import HTML

from accounts.cabinet import personal_accounts_changed
from accounts.models import CustomerCategory, PersonalAccount
from billing.exchange.formats import CHARGES
from billing.exchange.importer import billing_file_import
from billing.models import Charge, Service, Tariff
from billing.pdf import receipt_html, receipt_pdf
from billing.periods import add_months
from billing.receipts import receipt_for_month
from support.models import Channel, Notice, NoticeKind, NotificationChoice
from support.tasks import fan_out_tariff_change, queue_paperless_receipts, send_email_notices
from tests.bench.city import PRICES

from .report import Figure, at_least, at_most

IMPORT_BAR = 1 / 3
IMPORT_TURNS = 3
PDF_BAR = 1.5
FAN_OUT_SECONDS = 10.0
MAX_QUERIES = 12


class _RolledBack(Exception):
    pass


@contextmanager
def rolled_back() -> Iterator[None]:
    try:
        with transaction.atomic():
            yield
            raise _RolledBack
    except _RolledBack:
        pass


def timed(work: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


@dataclass(frozen=True)
class City:
    accounts: int
    last_period: date

    @classmethod
    def load(cls) -> "City":
        last = Charge.objects.order_by("-period").values_list("period", flat=True).first()
        return cls(accounts=PersonalAccount.objects.count(), last_period=last)


# The billing import ---------------------------------------------------------------------

# The months after the city's history, in the file's format (or with account ids, for a
# COPY straight into billing_charge): the same volumes as the synthetic city's.
_CHARGE_ROWS = """
    SELECT 'bench-' || a.number || '-' || to_char(p, 'YYYYMM') || '-' || s.service AS external_id,
           {account} AS account_number, {period} AS period, s.service,
           v.volume, s.price AS tariff, round(v.volume * s.price, 2) AS amount,
           0.00 AS recalculation
      FROM accounts_personalaccount a
     CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 month') p
     CROSS JOIN (VALUES ('cold_water', %(cold)s::numeric), ('sewerage', %(sewerage)s::numeric))
           s (service, price)
     CROSS JOIN LATERAL (SELECT (2 + ((a.id * 7 + extract(month FROM p)::int * 13) %% 90)
                                / 10.0)::numeric(12, 3) AS volume) v
     ORDER BY a.number, p, s.service
"""
_AS_FILE = {"account": "a.number", "period": "to_char(p, 'YYYY-MM')"}
_AS_TABLE = {"account": "a.id", "period": "p::date"}
_TABLE_COLUMNS = "external_id, account_id, period, service, volume, tariff, amount, recalculation"


def _write_rows(path: Path, shape: dict, months: tuple[date, date], header: bool) -> None:
    query = _CHARGE_ROWS.format(**shape)
    params = {"first": months[0], "last": months[1], "cold": PRICES["cold_water"],
              "sewerage": PRICES["sewerage"]}
    connection.ensure_connection()
    # COPY takes no parameters: the query goes with its values in.
    rendered = psycopg.ClientCursor(connection.connection).mogrify(query, params)
    options = "FORMAT csv, DELIMITER ';'" + (", HEADER" if header else "")
    with connection.cursor() as cursor, path.open("wb") as out, \
            cursor.copy(f"COPY ({rendered}) TO STDOUT WITH ({options})") as copy:
        for chunk in copy:
            out.write(chunk)


def _copy_file(path: Path, target: str, header: bool) -> None:
    options = "FORMAT csv, DELIMITER ';'" + (", HEADER" if header else "")
    with connection.cursor() as cursor, path.open("rb") as source, \
            cursor.copy(f"COPY {target} FROM STDIN WITH ({options})") as copy:
        while chunk := source.read(1 << 20):
            copy.write(chunk)


def _import(path: Path):
    with path.open("rb") as stream:
        result = billing_file_import(file_format=CHARGES, stream=stream)
    _check_deferred_constraints()
    return result


def _check_deferred_constraints() -> None:
    """Run the foreign key checks a commit would run: the measurement is rolled back."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def import_figures(*, city: City, months: int, folder: Path) -> list[Figure]:
    """The import next to a bare COPY of its rows, in turns whose order swaps each time
    (COPY, import; import, COPY; …): this machine's speed drifts by a sixth between two
    minutes, and a single pair measured the drift as much as the import. The ratio is the
    median of the turns' ratios, as for the pages."""
    span = (add_months(city.last_period, 1), add_months(city.last_period, months))
    as_file, as_table = folder / "charges.csv", folder / "charges-with-ids.csv"
    _write_rows(as_file, _AS_FILE, span, header=True)
    _write_rows(as_table, _AS_TABLE, span, header=False)
    rows = city.accounts * months * len(Service.values)
    with rolled_back():
        columns = ", ".join(f"{name} text" for name in CHARGES.header)
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TEMP TABLE bench_bare ({columns})")
        text_copy, _ = timed(lambda: _copy_file(as_file, "bench_bare", header=True))
    turns = [_import_turn(as_file, as_table, rows, import_first=turn % 2 == 1)
             for turn in range(IMPORT_TURNS)]
    ratios = [turn.copy_seconds / turn.import_seconds for turn in turns]
    ratio = statistics.median(ratios)
    first = statistics.median(turn.import_seconds for turn in turns)
    table_copy = statistics.median(turn.copy_seconds for turn in turns)
    again = max(turns, key=lambda turn: turn.written_again)
    bar, ok = at_least(ratio, IMPORT_BAR)
    return [
        Figure(f"billing import, {rows:,} charge rows",
               f"{rows / first:,.0f} rows/s; turns {min(ratios):.2f}–{max(ratios):.2f}",
               f"bare COPY into billing_charge: {rows / table_copy:,.0f} rows/s",
               ratio, bar, ok, speed=True),
        Figure("  the same, against a COPY into a bare text table", f"{rows / first:,.0f} rows/s",
               f"{rows / text_copy:,.0f} rows/s", text_copy / first),
        Figure("billing re-import of the same file",
               f"{again.again_seconds:.1f} s, {again.written_again} rows written",
               bar="0 rows written", ok=again.written_again == 0),
    ]


@dataclass(frozen=True)
class _ImportTurn:
    copy_seconds: float
    import_seconds: float
    again_seconds: float
    written_again: int


def _import_turn(as_file: Path, as_table: Path, rows: int, *, import_first: bool) -> _ImportTurn:
    def bare_copy() -> float:
        _settle()
        with rolled_back():
            seconds, _ = timed(lambda: (
                _copy_file(as_table, f"billing_charge ({_TABLE_COLUMNS})", header=False),
                _check_deferred_constraints()))
        return seconds

    def import_twice() -> tuple[float, float, int]:
        _settle()
        with rolled_back():
            first, result = timed(lambda: _import(as_file))
            again, repeated = timed(lambda: _import(as_file))
        assert result.rows == rows, f"the import read {result.rows} rows of {rows}"
        return first, again, repeated.written

    if import_first:
        first, again, written = import_twice()
        copy_seconds = bare_copy()
    else:
        copy_seconds = bare_copy()
        first, again, written = import_twice()
    return _ImportTurn(copy_seconds, first, again, written)


def _settle() -> None:
    """Each timed write starts from the same tables: without the dead rows and index
    entries a rolled-back COPY leaves (the import's upsert had to step over a million of
    them, the very rows it writes), nor the dirty pages of what ran before (the soak's
    and the last measurement's, which a checkpoint would otherwise write meanwhile)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM billing_charge, billing_monthlybalance")
        cursor.execute("CHECKPOINT")


# Receipts --------------------------------------------------------------------------------

def _median_seconds(work: Callable[[], object], times: int) -> float:
    work()  # the first render loads fonts
    return statistics.median(timed(work)[0] for _ in range(times))


def pdf_figures(*, city: City, renders: int) -> list[Figure]:
    account = PersonalAccount.objects.select_related("building").order_by("id").first()
    today = timezone.localdate()

    def receipt() -> bytes:
        return receipt_pdf(receipt_for_month(account=account, period=city.last_period,
                                             today=today))

    with translation.override(settings.LANGUAGE_CODE):
        html = receipt_html(receipt_for_month(account=account, period=city.last_period,
                                              today=today))
        bare = _median_seconds(
            lambda: HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(), renders)
        ours = _median_seconds(receipt, renders)
    bar, ok = at_most(ours / bare, PDF_BAR)
    return [Figure("receipt PDF (selectors, QR code, template, WeasyPrint)",
                   f"{ours * 1000:.0f} ms", f"bare WeasyPrint render: {bare * 1000:.0f} ms",
                   ours / bare, bar, ok, speed=True)]


def paperless_figures(*, city: City, receipts: int) -> list[Figure]:
    """The monthly paperless receipts: queued, then one batch sent as a worker sends it."""
    with rolled_back():
        users = PersonalAccount.objects.order_by("id").values_list("user_id", flat=True)
        NotificationChoice.objects.bulk_create(
            NotificationChoice(user_id=user_id, kind=NoticeKind.PAPERLESS_RECEIPT,
                               channel=Channel.EMAIL) for user_id in users[:receipts])
        queue_paperless_receipts(city.last_period.isoformat())
        keys = list(Notice.objects.filter(kind=NoticeKind.PAPERLESS_RECEIPT)
                    .values_list("key", flat=True))
        seconds, _ = timed(lambda: send_email_notices.apply(args=[keys]))
        sent = Notice.objects.filter(kind=NoticeKind.PAPERLESS_RECEIPT,
                                     status=Notice.Status.SENT).count()
    return [Figure(f"paperless receipts, a batch of {len(keys)} (PDF and e-mail)",
                   f"{sent / seconds:.1f} receipts/s", bar=f"{len(keys)} sent",
                   ok=sent == len(keys))]


# Notices ---------------------------------------------------------------------------------

def fan_out_figures(*, city: City) -> list[Figure]:
    with rolled_back():
        tariff = Tariff.objects.create(
            service=Service.COLD_WATER, category=CustomerCategory.APARTMENT,
            valid_from=add_months(city.last_period, 2), price=PRICES["cold_water"] + 1)
        seconds, queued = timed(lambda: fan_out_tariff_change(tariff.pk))
    if queued != city.accounts:
        return [Figure("tariff notice fan-out", f"{queued:,} queued of {city.accounts:,}",
                       ok=False)]
    return [Figure(f"tariff notice fan-out, {queued:,} subscribers queued",
                   f"{seconds:.1f} s", bar=f"< {FAN_OUT_SECONDS:.0f} s",
                   ok=seconds < FAN_OUT_SECONDS, speed=True)]


# Pages -----------------------------------------------------------------------------------

CABINET_PAGES = {"information": "cabinet", "charges": "billing:charges",
                 "meters": "meters:meters"}


def query_figures() -> list[Figure]:
    """Each tab as its first visitor after a change sees it: nothing of it cached."""
    account = PersonalAccount.objects.select_related("user").order_by("id").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(account.user)
    figures = []
    for page, url_name in CABINET_PAGES.items():
        personal_accounts_changed(account_ids=[account.pk])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(url_name), secure=True)
        assert response.status_code == 200, f"{page}: {response.status_code}"
        figures.append(Figure(f"{page} page: queries, 36 months of history",
                              str(len(queries)), bar=f"<= {MAX_QUERIES}",
                              ok=len(queries) <= MAX_QUERIES))
    return figures
