"""The fiscal receipt (54-ФЗ) every payment request carries, for the bank's cash register.

A payment is for services already billed ("full payment" of a "service"): each account's
share is split over its services in proportion to the account's latest month of charges
(one line for water and sewerage together when nothing is billed yet). The lines add up
to the amount to the kopeck: the rounding remainder goes to the largest line. Each
gateway writes the receipt in its own protocol's words.
"""

from dataclasses import asdict, dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from billing.models import Service
from billing.money import to_kopecks
from billing.selectors import latest_charges

# Our words for the tax settings; each gateway maps them to its protocol's codes. What
# staff read of them (admin).
VAT_LABELS = {"none": gettext_lazy("without VAT"), "0": "0 %", "5": "5 %", "7": "7 %",
              "10": "10 %", "20": "20 %", "22": "22 %"}
TAXATION_LABELS = {"osn": gettext_lazy("general (ОСН)"),
                   "usn_income": gettext_lazy("simplified, income (УСН «доходы»)"),
                   "usn_income_outcome": gettext_lazy(
                       "simplified, income less expenses (УСН «доходы минус расходы»)"),
                   "esn": gettext_lazy("agricultural tax (ЕСХН)"),
                   "patent": gettext_lazy("patent (ПСН)")}
VAT_RATES = tuple(VAT_LABELS)
TAXATION_SYSTEMS = tuple(TAXATION_LABELS)
NAME_MAX = 128  # characters of a line's name, both protocols


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    kopecks: int


@dataclass(frozen=True)
class FiscalReceipt:
    email: str
    phone: str  # E.164, when there is no e-mail
    lines: tuple[ReceiptLine, ...]
    vat: str = ""  # one of VAT_RATES; settings.FISCAL_VAT_RATE unless given
    taxation: str = ""  # one of TAXATION_SYSTEMS; settings.FISCAL_TAXATION unless given

    def __post_init__(self):
        object.__setattr__(self, "vat", self.vat or settings.FISCAL_VAT_RATE)
        object.__setattr__(self, "taxation", self.taxation or settings.FISCAL_TAXATION)

    @property
    def kopecks(self) -> int:
        return sum(line.kopecks for line in self.lines)

    def as_json(self) -> dict:
        return asdict(self)


def fiscal_receipt(*, email: str, phone: str, shares) -> FiscalReceipt:
    """The receipt of a payment of these shares (payments.services.PaymentShare), its
    names in Russian whatever the page's language: the bank's register prints them."""
    with translation.override("ru"):
        lines = _lines(shares)
    return FiscalReceipt(email=email, phone=phone, lines=tuple(lines))


def _lines(shares) -> list[ReceiptLine]:
    lines = []
    for share in shares:
        kopecks = to_kopecks(share.amount)
        weights = _latest_charges(share.account)
        if not weights:
            lines.append(ReceiptLine(_name(_("Cold water supply and sewerage"), share), kopecks))
            continue
        for service, part in zip(weights, _split(kopecks, list(weights.values())), strict=True):
            if part:
                lines.append(ReceiptLine(_name(str(Service(service).label), share), part))
    return lines


def _name(service: str, share) -> str:
    return f"{service}, л/с {share.account.number}"[:NAME_MAX]


def _latest_charges(account) -> dict[str, int]:
    """The account's latest month's charges by service, in kopecks (only positive ones)."""
    latest = latest_charges(account=account)
    return {service: to_kopecks(amount) for service, amount in latest.by_service.items()
            if amount > 0} if latest else {}


def _split(kopecks: int, weights: list[int]) -> list[int]:
    """`kopecks` in parts proportional to `weights`, whole kopecks, adding up exactly."""
    total = sum(weights)
    parts = [kopecks * weight // total for weight in weights]
    parts[weights.index(max(weights))] += kopecks - sum(parts)
    return parts
