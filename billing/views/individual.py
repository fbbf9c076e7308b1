"""The individual's cabinet tabs that show money: Information, Charges, Statement, Receipts."""

from datetime import date

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _

from accounts.cabinet import personal_account_required, tab_render
from accounts.models import PersonalAccount
from vodokanal.throttle import attempt_allowed

from .. import pdf, receipts, selectors
from ..charts import monthly_chart, yearly_chart
from ..forms import ReceiptForm, StatementForm
from ..statements import statement_csv

# The tabs' money parts are cached under the account's cabinet key (see
# PersonalAccount.cabinet_key), so they are read lazily: a page served from the
# cache reads none of them.

@personal_account_required
def information(request: HttpRequest, account: PersonalAccount) -> HttpResponse:
    now = timezone.now()
    today = timezone.localdate(now)  # the window's days left, the verifications near
    return tab_render(request, account, "billing/information.html", {
        "account": account, "tab": "information", "today": today, "now": now,
        "this_month": today.replace(day=1),
        "summary": SimpleLazyObject(lambda: selectors.account_summary(account=account)),
    }, vary_on=(today,))


class ChargesTab:
    """What the Charges tab shows of the year asked for, each part read when first used."""

    def __init__(self, account: PersonalAccount, asked_year: str):
        self.account, self.asked_year = account, asked_year

    @cached_property
    def years(self) -> list[int]:
        periods = selectors.billing_periods(account=self.account)
        return list(range(periods[1].year, periods[0].year - 1, -1)) if periods else []

    @cached_property
    def year(self) -> int | None:
        """The year asked for if the account has it, else the latest one."""
        asked = self.asked_year
        if asked.isdigit() and int(asked) in self.years:
            return int(asked)
        return self.years[0] if self.years else None

    @cached_property
    def _months(self) -> list[selectors.MonthStatement]:
        return selectors.charges_by_month(account=self.account, year=self.year)

    @cached_property
    def months_newest_first(self) -> list[selectors.MonthStatement]:
        return list(reversed(self._months))

    @cached_property
    def chart(self):
        return monthly_chart(self._months)

    @cached_property
    def payments(self) -> list:
        return selectors.payments_between(account=self.account, first=date(self.year, 1, 1),
                                          last=date(self.year, 12, 1))

    @cached_property
    def yearly_totals(self) -> list[selectors.YearTotal]:
        return selectors.yearly_totals(account=self.account)

    @cached_property
    def yearly_chart(self):
        return yearly_chart(self.yearly_totals)


@personal_account_required
def charges(request: HttpRequest, account: PersonalAccount) -> HttpResponse:
    asked = request.GET.get("year", "")
    return tab_render(request, account, "billing/charges.html", {
        "account": account, "tab": "charges", "charges": ChargesTab(account, asked),
        # Part of the cache key: any other text asks for the latest year, as "" does.
        "asked_year": asked if asked.isdigit() and len(asked) == 4 else ""})


@personal_account_required
def statement(request: HttpRequest, account: PersonalAccount) -> HttpResponse:
    form = StatementForm(request.GET or None,
                         periods=selectors.billing_periods(account=account))
    status = 200
    if form.is_bound and form.is_valid():
        if form.cleaned_data["output"] == "csv" or _pdf_allowed(request):
            return _statement_file(account, **form.cleaned_data)
        form.add_error(None, _too_many_pdfs())
        status = 429
    return render(request, "billing/statement.html",
                  {"account": account, "tab": "charges", "form": form}, status=status)


def _pdf_allowed(request: HttpRequest) -> bool:
    """A PDF holds a web worker for a tenth of a second or more: so many a minute a login,
    so that one login cannot tie up the workers."""
    return attempt_allowed(scope="pdf", key=str(request.user.pk), window_seconds=60,
                           limit=settings.PDFS_PER_LOGIN_PER_MINUTE)


def _too_many_pdfs() -> str:
    return _("Too many documents in a minute. Please wait a minute and try again.")


def _statement_file(account: PersonalAccount, *, first: date, last: date,
                    output: str) -> HttpResponse:
    months = selectors.months_between(account=account, first=first, last=last)
    name = f"statement-{account.number}-{first:%Y%m}-{last:%Y%m}"
    if output == "csv":
        return _download(statement_csv(months).encode("utf-8"), f"{name}.csv",
                         "text/csv; charset=utf-8")
    payments = selectors.payments_between(account=account, first=first, last=last)
    document = pdf.statement_pdf(account=account, first=first, last=last, months=months,
                                 payments=payments, today=timezone.localdate())
    return _download(document, f"{name}.pdf", "application/pdf")


@personal_account_required
def receipt(request: HttpRequest, account: PersonalAccount) -> HttpResponse:
    periods = selectors.billing_periods(account=account)
    form = ReceiptForm(request.GET or None, periods=periods)
    status = 200
    if form.is_bound and form.is_valid():
        if not _pdf_allowed(request):
            form.add_error(None, _too_many_pdfs())
            status = 429
        elif response := _receipt_file(account, form.cleaned_data["period"]):
            return response
        else:
            form.add_error("period", _("There is no receipt for this month yet."))
    return render(request, "billing/receipts.html",
                  {"account": account, "tab": "receipts", "form": form,
                   "periods": periods}, status=status)


def _receipt_file(account: PersonalAccount, period: date | None) -> HttpResponse | None:
    today = timezone.localdate()
    if period is None:
        document = receipts.receipt_for_debt(account=account, today=today)
    else:
        document = receipts.receipt_for_month(account=account, period=period, today=today)
    if document is None:
        return None
    name = f"receipt-{account.number}-{document.period:%Y%m}.pdf"
    return _download(pdf.receipt_pdf(document), name, "application/pdf")


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"  # personal data: no shared cache keeps it
    return response
