"""The files the billing system sends, column by column (documented in docs/exchange.md).

Each column knows how to check its text and convert it in SQL: the importer
stages the file by COPY and writes it with one INSERT built from these.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Building, CustomerCategory, Organisation, PersonalAccount

from ..models import Charge, PaymentReceived, Service


@dataclass(frozen=True)
class Text:
    max_length: int
    message = _("must not be empty and at most {max_length} characters")

    def sql_valid(self, c: str) -> str:
        return f"length({c}) BETWEEN 1 AND {self.max_length}"

    def sql_value(self, c: str) -> str:
        return c


INTEGER_DIGITS = 10  # at most, in a number of any column


@dataclass(frozen=True)
class Number:
    """A decimal with a point or a comma; `signed=False` refuses negatives."""

    decimals: int
    signed: bool = True
    message = _("must be a number with at most {decimals} decimals{sign}")

    def shapes(self) -> list[str]:
        """Every text allowed, with each digit written as 9: up to INTEGER_DIGITS digits,
        then a point or a comma and up to `decimals` more."""
        signs = ("", "-") if self.signed else ("",)
        fractions = ["", *(point + "9" * digits for point in ".,"
                           for digits in range(1, self.decimals + 1))]
        return [sign + "9" * digits + fraction for sign in signs
                for digits in range(1, INTEGER_DIGITS + 1) for fraction in fractions]

    def sql_valid(self, c: str) -> str:
        # The value's shape looked up among the allowed ones, which PostgreSQL hashes,
        # instead of a regular expression a value: the import's bar needs it (a charge row
        # has four numbers; figures in docs/performance.md).
        shapes = ", ".join(f"'{shape}'" for shape in self.shapes())
        return f"translate({c}, '0123456789', '9999999999') IN ({shapes})"

    def sql_value(self, c: str) -> str:
        return f"replace({c}, ',', '.')::numeric"


@dataclass(frozen=True)
class Period:
    message = _("must be a month as YYYY-MM")
    pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])$"

    def sql_valid(self, c: str) -> str:
        return f"{c} ~ '{self.pattern}'"

    def sql_value(self, c: str) -> str:
        return f"({c} || '-01')::date"


@dataclass(frozen=True)
class Day:
    message = _("must be a date as YYYY-MM-DD")
    pattern = r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"

    def sql_valid(self, c: str) -> str:
        # Shape only: a 30 February passes here and is refused by the cast, for the whole file.
        return f"{c} ~ '{self.pattern}'"

    def sql_value(self, c: str) -> str:
        return f"{c}::date"


@dataclass(frozen=True)
class Choice:
    values: tuple[str, ...]
    message = _("must be one of: {values}")

    def sql_valid(self, c: str) -> str:
        return f"{c} IN ({', '.join(repr(v) for v in self.values)})"

    def sql_value(self, c: str) -> str:
        return c


@dataclass(frozen=True)
class Flag:
    message = _("must be 1 or 0")

    def sql_valid(self, c: str) -> str:
        return f"{c} IN ('0', '1')"

    def sql_value(self, c: str) -> str:
        return f"{c} = '1'"


@dataclass(frozen=True)
class Ref:
    """A value that names a row already in the portal (an account by number, say)."""

    model: type[models.Model]
    field: str
    message = _("names no known {target}")

    def sql_valid(self, c: str) -> str:
        return "TRUE"  # checked by the importer's join to the referenced table


@dataclass(frozen=True)
class Column:
    name: str
    kind: Text | Number | Period | Day | Choice | Flag | Ref
    field: str = ""  # the model's field; the column's name when empty
    required: bool = True
    default: object = None

    @property
    def model_field(self) -> str:
        return self.field or self.name

    def message(self) -> str:
        kind = self.kind
        return str(kind.message).format(
            max_length=getattr(kind, "max_length", ""), decimals=getattr(kind, "decimals", ""),
            sign="" if getattr(kind, "signed", True) else str(_(", not negative")),
            values=", ".join(getattr(kind, "values", ())),
            target=getattr(getattr(kind, "model", None), "_meta", None)
            and kind.model._meta.verbose_name)


@dataclass(frozen=True)
class FileFormat:
    name: str
    model: type[models.Model]
    columns: list[Column]
    # Changing these makes the monthly balances of the account stale from this month on.
    moves_money: bool = False
    month_field: str = ""  # the column whose month a row of money belongs to

    @property
    def header(self) -> list[str]:
        return [column.name for column in self.columns]

    def refs(self) -> list[Column]:
        return [column for column in self.columns if isinstance(column.kind, Ref)]


MONEY = Number(decimals=2)
BUILDINGS = FileFormat("buildings", Building, [
    Column("external_id", Text(64)),
    Column("address", Text(255)),
    Column("management_company", Ref(Organisation, "external_id"), required=False),
    Column("has_communal_meter", Flag()),
    Column("latitude", Number(decimals=6), required=False),
    Column("longitude", Number(decimals=6), required=False),
])
ACCOUNTS = FileFormat("accounts", PersonalAccount, [
    Column("external_id", Text(64)),
    Column("number", Text(10)),
    Column("building", Ref(Building, "external_id")),
    Column("flat", Text(16), required=False, default=""),
    Column("last_name", Text(100)),
    Column("first_name", Text(100)),
    Column("middle_name", Text(100), required=False, default=""),
    Column("category", Choice(tuple(CustomerCategory.values))),
    Column("residents", Number(decimals=0, signed=False)),
])
CHARGES = FileFormat("charges", Charge, [
    Column("external_id", Text(64)),
    Column("account_number", Ref(PersonalAccount, "number"), field="account"),
    Column("period", Period()),
    Column("service", Choice(tuple(Service.values))),
    Column("volume", Number(decimals=3, signed=False)),
    Column("tariff", MONEY),
    Column("amount", MONEY),
    Column("recalculation", MONEY, required=False, default=Decimal("0")),
], moves_money=True, month_field="period")
PAYMENTS = FileFormat("payments", PaymentReceived, [
    Column("external_id", Text(64)),
    Column("account_number", Ref(PersonalAccount, "number"), field="account"),
    Column("paid_on", Day()),
    Column("amount", Number(decimals=2, signed=False)),
    Column("channel", Choice(tuple(PaymentReceived.Channel.values))),
], moves_money=True, month_field="paid_on")

FORMATS = {file_format.name: file_format
           for file_format in (BUILDINGS, ACCOUNTS, CHARGES, PAYMENTS)}
