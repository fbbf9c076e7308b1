"""Read side of billing for the cabinet: each function a fixed, small number of queries."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import F, Max, Min, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from accounts.models import PersonalAccount
from vodokanal.reference_data import kept

from .models import (
    Charge,
    Contract,
    ContractCharge,
    ContractPayment,
    Document,
    MonthlyBalance,
    PaymentReceived,
    Service,
    Tariff,
)
from .periods import add_months

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class AccountSummary:
    """The Information tab. `balance` > 0 is a debt, < 0 a credit (переплата)."""

    balance: Decimal
    balance_period: date | None
    billed_period: date | None
    billed: Decimal
    last_payment: PaymentReceived | None

    @property
    def to_pay(self) -> Decimal:
        return max(self.balance, ZERO)

    @property
    def credit(self) -> Decimal:
        return max(-self.balance, ZERO)

    @property
    def has_arrears(self) -> bool:
        """Owes more than the last month's charges: an earlier month is unpaid."""
        return self.balance > self.billed > ZERO


def account_summary(*, account: PersonalAccount) -> AccountSummary:
    latest = MonthlyBalance.objects.filter(account=account).order_by("-period").first()
    billed = (MonthlyBalance.objects.filter(account=account, charged__gt=0)
              .order_by("-period").first())
    last_payment = PaymentReceived.objects.filter(account=account).order_by("-paid_on",
                                                                            "-id").first()
    return AccountSummary(
        balance=latest.closing if latest else ZERO,
        balance_period=latest.period if latest else None,
        billed_period=billed.period if billed else None,
        billed=(billed.charged + billed.recalculated) if billed else ZERO,
        last_payment=last_payment,
    )


@dataclass
class MonthStatement:
    """One month of an account: its balance row and its charges per service."""

    period: date
    opening: Decimal
    charged: Decimal
    recalculated: Decimal
    paid: Decimal
    closing: Decimal
    lines: list[Charge] = field(default_factory=list)

    @property
    def charged_total(self) -> Decimal:
        """Charged with recalculations: opening + charged_total − paid = closing."""
        return self.charged + self.recalculated


def months_between(*, account: PersonalAccount, first: date, last: date) -> list[MonthStatement]:
    """Every month from `first` to `last` (periods) that has a balance, oldest first."""
    in_range = {"account": account, "period__gte": first, "period__lte": last}
    months = {
        row.period: MonthStatement(period=row.period, opening=row.opening, charged=row.charged,
                                   recalculated=row.recalculated, paid=row.paid,
                                   closing=row.closing)
        for row in MonthlyBalance.objects.filter(**in_range).order_by("period")
    }
    for charge in Charge.objects.filter(**in_range).order_by("period", "service"):
        if charge.period in months:
            months[charge.period].lines.append(charge)
    return list(months.values())


def charges_by_month(*, account: PersonalAccount, year: int) -> list[MonthStatement]:
    return months_between(account=account, first=date(year, 1, 1), last=date(year, 12, 1))


def payments_between(*, account: PersonalAccount, first: date, last: date
                     ) -> list[PaymentReceived]:
    """Payments dated within the months `first`..`last`, newest first."""
    return list(PaymentReceived.objects.filter(
        account=account, paid_on__gte=first, paid_on__lt=add_months(last, 1),
    ).order_by("-paid_on", "-id"))


@dataclass(frozen=True)
class LatestCharges:
    period: date
    by_service: dict[str, Decimal]  # what each service charged that month


def latest_charges(*, account: PersonalAccount) -> LatestCharges | None:
    """The account's latest month of charges, by service; None before its first."""
    period = Charge.objects.filter(account=account).aggregate(period=Max("period"))["period"]
    if period is None:
        return None
    rows = (Charge.objects.filter(account=account, period=period).values("service")
            .annotate(total=Sum("amount")).order_by("service"))
    return LatestCharges(period, {row["service"]: row["total"] for row in rows})


def billing_periods(*, account: PersonalAccount) -> tuple[date, date] | None:
    """The first and the last month with a balance, or None for an account without history."""
    bounds = MonthlyBalance.objects.filter(account=account).aggregate(first=Min("period"),
                                                                      last=Max("period"))
    return (bounds["first"], bounds["last"]) if bounds["first"] else None


@dataclass(frozen=True)
class YearTotal:
    year: int
    service: str
    volume: Decimal
    amount: Decimal

    @property
    def service_label(self) -> str:
        return Service(self.service).label


def yearly_totals(*, account: PersonalAccount) -> list[YearTotal]:
    """Volume and money (charges plus recalculations) per year and service, newest year first."""
    rows = (Charge.objects.filter(account=account)
            .annotate(year=ExtractYear("period")).values("year", "service")
            .annotate(volume=Sum("volume"), amount=Sum("amount"),
                      recalculated=Sum("recalculation"))
            .order_by("-year", "service"))
    return [YearTotal(year=row["year"], service=row["service"], volume=row["volume"],
                      amount=row["amount"] + row["recalculated"]) for row in rows]


# Legal entities ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ContractBalance:
    contract: Contract
    charged: Decimal
    paid: Decimal

    @property
    def balance(self) -> Decimal:
        return self.charged - self.paid


def contracts_for_organisation(*, organisation) -> list[ContractBalance]:
    """The organisation's contracts with what was charged and paid in all; two queries."""
    contracts = list(Contract.objects.filter(organisation=organisation)
                     .prefetch_related("service_points").order_by("number"))
    charged = dict(ContractCharge.objects.filter(contract__organisation=organisation)
                   .values("contract_id").annotate(total=Sum(F("amount") + F("recalculation")))
                   .values_list("contract_id", "total"))
    paid = dict(ContractPayment.objects.filter(contract__organisation=organisation)
                .values("contract_id").annotate(total=Sum("amount"))
                .values_list("contract_id", "total"))
    return [ContractBalance(contract, charged.get(contract.pk) or ZERO,
                            paid.get(contract.pk) or ZERO) for contract in contracts]


def contract_get_for_user(*, user, number: str) -> Contract:
    contract = (Contract.objects.filter(organisation__user=user, number=number)
                .prefetch_related("service_points").first())
    if contract is None:
        raise Http404
    return contract


def contract_charges(*, contract) -> list[ContractCharge]:
    return list(contract.charges.order_by("-period", "service"))


def contract_payments(*, contract) -> list[ContractPayment]:
    return list(contract.payments.order_by("-paid_on", "-id"))


def documents_for_user(*, user) -> QuerySet[Document]:
    return (Document.objects.filter(organisation__user=user)
            .select_related("contract").order_by("-published_at", "-id"))


def document_get_for_user(*, user, pk: int) -> Document:
    """The organisation's own document; staff may open any. Anybody else: 404."""
    documents = Document.objects.all() if _is_document_staff(user) else documents_for_user(
        user=user)
    document = documents.filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def _is_document_staff(user) -> bool:
    return user.is_staff and user.has_perm("billing.view_document")


def tariffs_all() -> list[tuple[str, str, date, Decimal]]:
    """(service, category, valid from, price), oldest first: a few a year for the city,
    kept in memory (vodokanal.reference_data)."""
    return kept(Tariff, lambda: list(
        Tariff.objects.order_by("valid_from")
        .values_list("service", "category", "valid_from", "price")))
