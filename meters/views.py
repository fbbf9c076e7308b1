"""The Meters tab of an individual's cabinet: the form, this month's estimate, history."""


from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.cabinet import login_kind_required, personal_account_required, tab_render
from accounts.models import PersonalAccount, User
from billing.charts import stacked_monthly_chart
from billing.exchange.importer import ImportRejected

from . import selectors, services
from .company_upload import company_readings_form_write, company_readings_import
from .estimate import Estimate, month_estimate, prices_in_force
from .forms import CompanyReadingsUploadForm, ReadingsForm
from .models import ReadingRules
from .window import window_today

CONSUMPTION_COLOURS = {"cold": "#0a6ebd", "hot": "#d0463b"}


class MetersTab:
    """The account's meters, the unbound form and this month's estimate, read only when the
    page's cached part is stale (see PersonalAccount.cabinet_key)."""

    def __init__(self, account: PersonalAccount, period, today):
        self.account, self.period, self.today = account, period, today

    @cached_property
    def states(self) -> list[selectors.MeterState]:
        return selectors.account_meter_states(account=self.account, period=self.period)

    @cached_property
    def form(self) -> ReadingsForm:
        return ReadingsForm(None, states=self.states, today=self.today)

    @cached_property
    def sent_this_month(self) -> list[selectors.MeterState]:
        return [state for state in self.states if state.current is not None]

    @cached_property
    def estimate(self) -> Estimate:
        return month_estimate(self.states, category=self.account.category, today=self.today)

    @property
    def prices(self) -> str:
        """The tariffs the estimate is at, from memory, for the cached part's key: a price
        staff correct today is not hidden behind the cached estimate."""
        return repr(sorted(prices_in_force(self.account.category, self.today).items()))


def _window_context(today) -> dict:
    """The window and the month readings sent today count in (`reading_period`, None when
    none are taken): the next window's, which is this month's until it closes."""
    window = window_today(today=today, rules=ReadingRules.current())
    return {"today": today, "window_open": window.is_open, "next_window": window.next,
            "reading_period": window.reading_period}


@personal_account_required
def meters(request: HttpRequest, account: PersonalAccount) -> HttpResponse:
    today = timezone.localdate()
    window = _window_context(today)
    tab = MetersTab(account, window["next_window"].period, today)
    context = {"account": account, "tab": "meters", "meters": tab, **window,
               "collected_by_company": account.building.has_communal_meter}
    if request.method != "POST":
        return tab_render(request, account, "meters/meters.html", context, vary_on=(
            sorted(window.items()), tab.prices))
    form = ReadingsForm(request.POST, states=tab.states, today=today)
    if form.is_valid():
        try:
            services.readings_submit(
                account=account, user=request.user, states=tab.states, values=form.values(),
                confirmed=form.confirmed(), today=today)
        except services.ReadingsRefused as refused:
            form.refuse(refused)
        except (services.WindowClosed, services.CollectedByManagementCompany):
            pass  # the page says why, from the context above
        else:
            # Post/Redirect/Get: the tab, which now says the readings are accepted and
            # shows their estimate, can be reloaded without sending them again.
            return redirect("meters:meters")
    return render(request, "meters/meters.html", {**context, "form": form})


@personal_account_required
def meter_history(request: HttpRequest, account: PersonalAccount, pk: int) -> HttpResponse:
    meter = selectors.meter_get_for_account(account=account, pk=pk)
    history = selectors.meter_history(meter=meter)
    totals = {row.reading.period: {meter.water: row.reading.consumption} for row in history}
    return render(request, "meters/history.html", {
        "account": account, "tab": "meters", "meter": meter, "history": history,
        "chart": stacked_monthly_chart(totals, colours={
            meter.water: CONSUMPTION_COLOURS[meter.water]})})


@login_kind_required(User.Kind.MANAGEMENT_COMPANY)
def management_company_cabinet(request: HttpRequest) -> HttpResponse:
    """The company's buildings and their communal meters, whose readings it submits here."""
    organisation = request.user.organisation
    today = timezone.localdate()
    window = _window_context(today)
    states = selectors.meter_states(
        meters=selectors.company_communal_meters(organisation=organisation),
        period=window["next_window"].period)
    form = ReadingsForm(request.POST or None, states=states, today=today)
    if request.method == "POST" and form.is_valid() and window["reading_period"]:
        try:
            services.communal_readings_submit(
                organisation=organisation, user=request.user, states=states,
                values=form.values(), confirmed=form.confirmed(), today=today)
        except services.ReadingsRefused as refused:
            form.refuse(refused)
        else:
            messages.success(request, _("The communal meters' readings are accepted."))
            return redirect("cabinet")
    return render(request, "meters/company.html", {
        "organisation": organisation, "buildings": selectors.company_buildings(
            organisation=organisation), "states": states, "form": form, **window})


@login_kind_required(User.Kind.MANAGEMENT_COMPANY)
def company_building_flats(request: HttpRequest, pk: int) -> HttpResponse:
    """The flats whose readings the company collects and passes on (a communal meter): each
    with this month's state and its own form, and the file of them all to fill and send."""
    organisation = request.user.organisation
    building = selectors.company_building_get(organisation=organisation, pk=pk)
    today = timezone.localdate()
    window = _window_context(today)
    flats = selectors.company_flats_readings(
        accounts=list(_collected_flats(organisation, building)),
        period=window["next_window"].period)
    upload = CompanyReadingsUploadForm(request.POST or None, request.FILES or None)
    rejected = []
    if request.method == "POST" and upload.is_valid():
        try:
            count = company_readings_import(
                organisation=organisation, user=request.user, accounts=[f.account for f in flats],
                stream=upload.cleaned_data["file"], today=today)
        except ImportRejected as refused:
            rejected = refused.errors
        else:
            messages.success(request, ngettext(
                "%(count)s reading is accepted.", "%(count)s readings are accepted.", count)
                % {"count": count})
            return redirect("meters:company_flats", pk=building.pk)
    return render(request, "meters/company_flats.html", {
        "organisation": organisation, "building": building, "flats": flats,
        "upload": upload, "rejected": rejected, **window},
        status=400 if rejected else 200)


def _collected_flats(organisation, building):
    return selectors.company_collected_accounts(organisation=organisation).filter(
        building=building)


@login_kind_required(User.Kind.MANAGEMENT_COMPANY)
def company_flats_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The file to fill: a line for each meter of the building's flats."""
    organisation = request.user.organisation
    building = selectors.company_building_get(organisation=organisation, pk=pk)
    window = _window_context(timezone.localdate())
    flats = selectors.company_flats_readings(
        accounts=list(_collected_flats(organisation, building)),
        period=window["next_window"].period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="readings-{window["next_window"].period:%Y-%m}-{building.pk}.csv"')
    response.write("\ufeff")  # Excel opens it as UTF-8 then
    company_readings_form_write(flats=flats, out=response)
    return response


@login_kind_required(User.Kind.MANAGEMENT_COMPANY)
def company_flat(request: HttpRequest, pk: int, number: str) -> HttpResponse:
    """One flat's readings, handed in by the company, as the resident's own form takes them."""
    organisation = request.user.organisation
    account = selectors.company_flat_get(organisation=organisation, building_pk=pk,
                                         number=number)
    today = timezone.localdate()
    window = _window_context(today)
    states = selectors.account_meter_states(account=account,
                                            period=window["next_window"].period)
    form = ReadingsForm(request.POST or None, states=states, today=today)
    if request.method == "POST" and form.is_valid() and window["reading_period"]:
        sent = services.FlatReadingsSent(account=account, states=states, values=form.values(),
                                         confirmed=form.confirmed())
        try:
            services.company_flats_readings_submit(organisation=organisation, user=request.user,
                                                   flats=[sent], today=today)
        except services.FlatsRefused as refused:
            form.refuse(refused.refusals[account.pk])
        else:
            messages.success(request, _("The readings of flat %(flat)s are accepted.")
                             % {"flat": account.flat or account.number})
            return redirect("meters:company_flats", pk=account.building_id)
    return render(request, "meters/company_flat.html", {
        "organisation": organisation, "account": account, "states": states, "form": form,
        **window})
