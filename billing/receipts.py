"""A receipt (квитанция): for a month the billing system closed, or for the debt right now."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from accounts.models import PersonalAccount

from . import selectors
from .payment_qr import PaymentRequest, payment_qr_payload
from .selectors import ZERO, MonthStatement

# Goes into the payment order the bank makes, so it is in Russian whatever the page language.
PURPOSE = "Оплата за холодное водоснабжение и водоотведение, л/с {number}, период {period:%m.%Y}"


@dataclass(frozen=True)
class Receipt:
    """It adds up: the month's opening + charged with recalculations − paid = its closing,
    and to pay is the closing when it is a debt (a credit leaves nothing to pay)."""

    account: PersonalAccount
    period: date
    month: MonthStatement | None
    to_pay: Decimal
    for_debt: bool
    issued_on: date
    qr_payload: str

    @property
    def credit(self) -> Decimal:
        return max(-self.month.closing, ZERO) if self.month else ZERO


def receipt_for_month(*, account: PersonalAccount, period: date, today: date) -> Receipt | None:
    """None when the month has no balance yet (not billed, or before the account's history)."""
    months = selectors.months_between(account=account, first=period, last=period)
    if not months:
        return None
    return _receipt(account, months[0], max(months[0].closing, ZERO), for_debt=False,
                    today=today)


def receipt_for_debt(*, account: PersonalAccount, today: date) -> Receipt:
    """The whole balance owed now: the latest month's, whose closing is the balance."""
    summary = selectors.account_summary(account=account)
    period = summary.balance_period or today.replace(day=1)
    months = selectors.months_between(account=account, first=period, last=period)
    return _receipt(account, months[0] if months else None, summary.to_pay, for_debt=True,
                    today=today, period=period)


def _receipt(account, month, to_pay, *, for_debt, today, period=None) -> Receipt:
    period = period or month.period
    request = PaymentRequest(account=account, amount=to_pay, period=period,
                             purpose=PURPOSE.format(number=account.number, period=period))
    return Receipt(account=account, period=period, month=month, to_pay=to_pay,
                   for_debt=for_debt, issued_on=today, qr_payload=payment_qr_payload(request))
