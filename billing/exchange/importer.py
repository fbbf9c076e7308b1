"""Import a file from the billing system: all of it, or nothing with the reasons by line.

Idempotent by external id: a row that is already there with the same values
is not written again, so importing a file twice changes nothing. The file goes
by COPY into a temporary staging table and lands with one INSERT that checks
each value as it converts it (… ON CONFLICT when the file holds rows the portal
has already); when that fails, one query says which lines are wrong.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

import psycopg
from django.db import DataError, IntegrityError, ProgrammingError, connection, transaction
from django.utils.translation import gettext as _

from accounts.services import register_import
from vodokanal.sql import upsert_sql

from ..services import balances_rebuild
from .formats import Column, FileFormat, Ref

MAX_ERRORS = 100
IMPORT_WORK_MEM = "256MB"
STAGING = "billing_import_staging"


@dataclass(frozen=True)
class RowError:
    line: int  # in the file, the header being line 1; 0 for the file as a whole
    column: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)d") % {"line": self.line} if self.line else _("file")
        column = f", {self.column}" if self.column else ""
        return f"{where}{column}: {self.message}"


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass(frozen=True)
class ImportResult:
    rows: int
    written: int  # new or changed rows; 0 when the same file comes again


def billing_file_import(*, file_format: FileFormat, stream: BinaryIO) -> ImportResult:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        _check_header(file_format, text.readline())
        with transaction.atomic():
            result, since = _import_staged(file_format, text)
            if since:
                balances_rebuild(account_ids=sorted(since), since=since)
        return result
    except UnicodeDecodeError as error:
        raise ImportRejected([RowError(_undecodable_line(stream), "", _(
            "the file is not UTF-8 text (a file in Windows-1251 must be saved as UTF-8 "
            "first)"))]) from error
    finally:
        text.detach()


def _undecodable_line(stream: BinaryIO) -> int:
    """The number of the first line that is not UTF-8, for the message."""
    stream.seek(0)
    for number, line in enumerate(stream, start=1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return 0


def _check_header(file_format: FileFormat, line: str) -> None:
    if not line.strip():
        raise ImportRejected([RowError(1, "", _("the file is empty: it must start with the "
                                                "header %(header)s")
                                       % {"header": ";".join(file_format.header)})])
    header = [name.strip() for name in next(csv.reader([line], delimiter=";"), [])]
    if header != file_format.header:
        expected = ";".join(file_format.header)
        raise ImportRejected([RowError(1, "", _("the header must be: %(header)s")
                                       % {"header": expected})])


# Each account whose money moved, with the first month it moved in: its balances are
# recomputed from that month on. A changed row counts in the month (and the account) it
# was in before too: all parts of one statement read the table as it was before the
# statement. `xmax` is 0 on a row the upsert inserted and set on one it updated.
_MONEY_MOVED = """
WITH written AS ({upsert} RETURNING external_id, account_id, {month} AS month,
                 xmax <> 0 AS replaced),
before AS (
    SELECT account_id, {month} AS month FROM {table}
     WHERE external_id IN (SELECT external_id FROM written WHERE replaced)
)
SELECT account_id, min(month), count(*) FILTER (WHERE is_written)
  FROM (SELECT account_id, month, true AS is_written FROM written
        UNION ALL SELECT account_id, month, false FROM before) AS moved
 GROUP BY account_id
"""


def _import_staged(file_format: FileFormat, text) -> tuple[ImportResult, dict[int, date]]:
    with connection.cursor() as cursor:
        # A file of a million rows sorts and hashes in memory rather than in temporary
        # files; for this transaction only.
        cursor.execute(f"SET LOCAL work_mem = '{IMPORT_WORK_MEM}'")
        _stage(cursor, file_format, text)
        checked_by_the_write = _every_column_not_null(file_format)
        if not checked_by_the_write:
            _refuse_bad_lines(cursor, file_format)
        cursor.execute(f"SELECT count(*) FROM {STAGING}")  # noqa: S608 - our own names
        rows = cursor.fetchone()[0]
        try:
            with transaction.atomic():
                return _write(cursor, file_format, rows)
        except (IntegrityError, DataError, ProgrammingError) as error:
            if not _is_refusal(error):
                raise
            # Which lines, if any, made the write fail; else the file clashes with the portal.
            _refuse_bad_lines(cursor, file_format)
            raise ImportRejected([RowError(0, "", _conflict_message(error))]) from error


def _every_column_not_null(file_format: FileFormat) -> bool:
    """Then a bad value, which converts to NULL (see _converted), stops the write itself,
    and a good file is read once: the lines are looked at only when it fails."""
    meta = file_format.model._meta
    return not any(meta.get_field(column.model_field).null for column in file_format.columns)


def _is_refusal(error: Exception) -> bool:
    """A value the table refuses, or a line twice (an upsert may not change a row twice)."""
    return (not isinstance(error, ProgrammingError)
            or isinstance(error.__cause__, psycopg.errors.CardinalityViolation))


def _refuse_bad_lines(cursor, file_format: FileFormat) -> None:
    errors = _staged_errors(cursor, file_format)
    if errors:
        raise ImportRejected(errors)


def _write(cursor, file_format: FileFormat, rows: int) -> tuple[ImportResult, dict[int, date]]:
    """The register's files (buildings, accounts) are written by accounts. A file of new
    rows only, as a month's charges are, goes by a plain INSERT: a quarter cheaper than the
    upsert, whose ON CONFLICT looks each external id up first, and which must find the
    months a replaced row was in. A row the portal holds already (a correction, the same
    file again) stops the INSERT there, and the upsert writes the file."""
    if not file_format.moves_money:
        rows_sql, params = _rows_sql(file_format)
        written = register_import(model=file_format.model, columns=_targets(file_format),
                                  rows_sql=rows_sql, params=params)
        return ImportResult(rows=rows, written=written), {}
    try:
        with transaction.atomic():
            return _insert(cursor, file_format, rows)
    except IntegrityError as error:
        if not isinstance(error.__cause__, psycopg.errors.UniqueViolation):
            raise
    return _upsert(cursor, file_format, rows)


# Each account the new rows are for, with the first month among them.
_MONEY_ADDED = """
WITH written AS ({insert} RETURNING account_id, {month} AS month)
SELECT account_id, min(month), count(*) FROM written GROUP BY account_id
"""


def _insert(cursor, file_format: FileFormat, rows: int) -> tuple[ImportResult, dict[int, date]]:
    rows_sql, params = _rows_sql(file_format)
    insert = (f"INSERT INTO {file_format.model._meta.db_table} "
              f"({', '.join(_targets(file_format))}) {rows_sql}")
    cursor.execute(_MONEY_ADDED.format(insert=insert, month=_month(file_format)), params)
    return _money_moved(rows, cursor.fetchall())


def _upsert(cursor, file_format: FileFormat, rows: int) -> tuple[ImportResult, dict[int, date]]:
    rows_sql, params = _rows_sql(file_format)
    upsert = upsert_sql(file_format.model, _targets(file_format), rows_sql)
    cursor.execute(_MONEY_MOVED.format(upsert=upsert, table=file_format.model._meta.db_table,
                                       month=_month(file_format)), params)
    return _money_moved(rows, cursor.fetchall())


def _month(file_format: FileFormat) -> str:
    return f"date_trunc('month', {file_format.month_field})::date"


def _money_moved(rows: int, moved: list[tuple[int, date, int]]
                 ) -> tuple[ImportResult, dict[int, date]]:
    """(account, first month, rows written) → the result, and each account's first month."""
    written = sum(count for _account, _month, count in moved)
    return ImportResult(rows=rows, written=written), {pk: month for pk, month, _n in moved}


def _stage(cursor, file_format: FileFormat, text) -> None:
    columns = ", ".join(file_format.header)
    typed = ", ".join(f"{name} text" for name in file_format.header)
    # Dropped at commit; dropped first too, for an import inside a longer transaction.
    cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    cursor.execute(f"CREATE TEMP TABLE {STAGING} (line bigserial, {typed}) ON COMMIT DROP")
    copy_sql = f"COPY {STAGING} ({columns}) FROM STDIN WITH (FORMAT csv, DELIMITER ';')"
    line = 2  # of the file, where the chunk starts (the header is line 1)
    try:
        with cursor.copy(copy_sql) as copy:
            for chunk in _whole_lines(text):
                _refuse_what_copy_misreads(chunk, line)
                copy.write(chunk)
                line += chunk.count("\n")
    except psycopg.Error as error:
        raise ImportRejected([_copy_error(error, file_format, text)]) from error


def _whole_lines(text):
    """The text in chunks of about a megabyte that end at the end of a line."""
    while chunk := text.read(1 << 20):
        if not chunk.endswith(("\n", "\r")):
            chunk += text.readline()
        yield chunk


_END_OF_DATA = re.compile(r"^\\\.\r?$", re.MULTILINE)


def _refuse_what_copy_misreads(chunk: str, first_line: int) -> None:
    """COPY takes a line of only \\. as the end of the data and silently drops the rest,
    and cannot store a NUL character: either is an error of its line here."""
    nul = chunk.find("\x00")
    if nul >= 0:
        _refuse_at(chunk, first_line, nul, _("the line holds a NUL character"))
    end_of_data = _END_OF_DATA.search(chunk)
    if end_of_data:
        _refuse_at(chunk, first_line, end_of_data.start(), _("a line of only \\. is not data"))


def _refuse_at(chunk: str, first_line: int, position: int, message: str) -> None:
    line = first_line + chunk.count("\n", 0, position)
    raise ImportRejected([RowError(line, "", message)])


def _unclosed_quote_line(text) -> int | None:
    """The line where the record that runs on to the end of the file starts."""
    text.seek(0)
    reader = csv.reader(text, delimiter=";")
    starts, line = [], 1
    try:
        for _row in reader:
            starts.append(line)
            line = reader.line_num + 1
    except csv.Error:  # a value beyond the reader's limit: COPY's line will do
        return None
    return starts[-1] if starts else None


_COPY_LINE = re.compile(r"line (\d+)")


def _copy_error(error: psycopg.Error, file_format: FileFormat, text) -> RowError:
    """What COPY could not read (columns, quotes), at the line of the file it names."""
    where = _COPY_LINE.search(error.diag.context or "")
    line = int(where[1]) + 1 if where else 0  # COPY counts from the line after the header
    reason = error.diag.message_primary or str(error)
    count = len(file_format.columns)
    if reason.startswith("extra data after last expected column"):
        message = _("more than the %(count)d columns of the format") % {"count": count}
    elif reason.startswith("missing data for column"):
        message = _("fewer than the %(count)d columns of the format") % {"count": count}
    elif reason.startswith("unterminated CSV quoted field"):
        # COPY names the last line, where it ran out of file; the quote opened earlier.
        line, message = _unclosed_quote_line(text) or line, _("a quoted value is not closed")
    else:
        message = _("the line cannot be read: %(reason)s") % {"reason": reason}
    return RowError(line, "", message)


def _value(column: Column) -> str:
    return f"v.{column.name}"  # trimmed, and NULL when empty: see _source


def _source(file_format: FileFormat) -> str:
    """The staged rows with each value trimmed once (OFFSET 0 keeps PostgreSQL from
    inlining the subquery and trimming again wherever a value is used), and the rows
    their references name."""
    trimmed = ", ".join(f"nullif(btrim(s.{name}), '') AS {name}" for name in file_format.header)
    joins = []
    for column in file_format.refs():
        table = column.kind.model._meta.db_table
        target = column.kind.model._meta.get_field(column.kind.field).column
        joins.append(f"LEFT JOIN {table} ref_{column.name} "
                     f"ON ref_{column.name}.{target} = {_value(column)}")
    return (f"{STAGING} s CROSS JOIN LATERAL (SELECT {trimmed} OFFSET 0) v "
            + " ".join(joins))


def _kind_valid(column: Column) -> str:
    """SQL that is true when the column's (non-NULL) value is of its kind."""
    if isinstance(column.kind, Ref):
        return f"ref_{column.name}.id IS NOT NULL"
    return column.kind.sql_valid(_value(column))


def _is_valid(column: Column) -> str:
    """SQL that is true when the column's value is acceptable."""
    value = _value(column)
    return (f"({value} IS NOT NULL AND {_kind_valid(column)})" if column.required
            else f"({value} IS NULL OR {_kind_valid(column)})")


def _converted(column: Column, params: list) -> str:
    """The column's value as the table stores it, or NULL when it is not acceptable."""
    value = _value(column)
    converted = (f"ref_{column.name}.id" if isinstance(column.kind, Ref)
                 else column.kind.sql_value(value))
    if column.required or column.default is None:
        return f"CASE WHEN {_is_valid(column)} THEN {converted} END"
    params.append(column.default)
    return f"CASE WHEN {value} IS NULL THEN %s WHEN {_kind_valid(column)} THEN {converted} END"


def _problems(column: Column) -> list[tuple[str, str]]:
    """(SQL condition that is true for a bad row, code) for one column: empty when it must
    not be, or not of its kind."""
    value = _value(column)
    problems = [(f"{value} IS NULL", "required")] if column.required else []
    return [*problems, (f"({value} IS NOT NULL AND NOT {_kind_valid(column)})", "invalid")]


def _staged_errors(cursor, file_format: FileFormat) -> list[RowError]:
    """Every fault of every bad line (up to MAX_ERRORS), each with the value found. A good
    row costs one pass over its values; only a bad one is asked what is wrong."""
    row_is_valid = " AND ".join(_is_valid(column) for column in file_format.columns)
    checks = ", ".join(f"('{column.name}', '{code}', {condition}, {_value(column)}::text)"
                       for column in file_format.columns
                       for condition, code in _problems(column))
    cursor.execute(
        f"SELECT line, name, code, value FROM (SELECT s.line, p.name, p.code, p.value "  # noqa: S608
        f"FROM {_source(file_format)} CROSS JOIN LATERAL (VALUES {checks}) "
        f"AS p(name, code, bad, value) WHERE NOT ({row_is_valid}) AND p.bad) checked "
        f"UNION ALL SELECT line, 'external_id', 'duplicate', external_id FROM {STAGING} "
        f"WHERE external_id IN (SELECT external_id FROM {STAGING} GROUP BY 1 HAVING count(*) > 1) "
        f"ORDER BY 1 LIMIT {MAX_ERRORS}")
    columns = {column.name: column for column in file_format.columns}
    return [_row_error(line + 1, columns[name], code, value)
            for line, name, code, value in cursor.fetchall()]


def _rows_sql(file_format: FileFormat) -> tuple[str, list]:
    """The staged rows, converted, in the order of `_targets`; NULL where a value is bad."""
    params: list = []
    values = [_converted(column, params) for column in file_format.columns]
    return f"SELECT {', '.join(values)} FROM {_source(file_format)}", params  # noqa: S608


def _targets(file_format: FileFormat) -> list[str]:
    meta = file_format.model._meta
    return [meta.get_field(column.model_field).column for column in file_format.columns]


def _conflict_message(error: Exception) -> str:
    return _("the file contradicts what the portal holds (%(reason)s); nothing was imported") % {
        "reason": str(error).splitlines()[0]}


VALUE_SHOWN = 40  # characters of a bad value the message quotes


def _row_error(line: int, column: Column, code: str, value: str | None) -> RowError:
    messages = {"required": _("is required"), "duplicate": _("appears twice in the file"),
                "invalid": column.message()}
    if value is None:
        return RowError(line, column.name, messages[code])
    shown = value if len(value) <= VALUE_SHOWN else f"{value[:VALUE_SHOWN]}…"
    return RowError(line, column.name, f"«{shown}» {messages[code]}")
