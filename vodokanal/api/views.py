"""The API's endpoints: thin, over the same selectors and services the pages use."""

from datetime import date

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import AccessToken, User
from accounts.selectors import personal_accounts_for_user
from billing import pdf, receipts
from billing.selectors import account_summary, charges_by_month, payments_between
from meters import services as meter_services
from meters.models import ReadingRules
from meters.selectors import (
    account_meter_states,
    account_readings,
    company_collected_accounts,
    company_communal_meters,
    company_flats_readings,
    meter_states,
    readings_due,
)
from meters.window import window_today
from payments import services as payment_services
from payments.gateways.base import GatewayUnavailable
from support.selectors import notice_lines_for_user
from vodokanal.decimals import DecimalInputField, NotANumber, parse_decimal

from .errors import ProblemSerializer
from .idempotency import KEY_PARAMETER, idempotent

PROBLEMS = {(status, "application/problem+json"): ProblemSerializer
            for status in (401, 403, 404, 429)}


def _write_schema(description, sent, answered, *codes):
    """A write's schema: its body, the Idempotency-Key, 201 and the problems it may answer."""
    return extend_schema(description=description, request=sent, parameters=[KEY_PARAMETER],
                         responses={
        201: answered, **PROBLEMS,
        **{(code, "application/problem+json"): ProblemSerializer for code in codes}})


class AccountSerializer(serializers.Serializer):
    number = serializers.CharField()
    address = serializers.CharField()
    holder = serializers.CharField(source="holder_name")


class BalanceSerializer(serializers.Serializer):
    number = serializers.CharField()
    balance = serializers.DecimalField(max_digits=12, decimal_places=2,
                                       help_text=gettext_lazy("> 0 a debt, < 0 paid in advance"))
    balance_period = serializers.DateField(allow_null=True)
    to_pay = serializers.DecimalField(max_digits=12, decimal_places=2)
    billed_period = serializers.DateField(allow_null=True)
    billed = serializers.DecimalField(max_digits=12, decimal_places=2)


class MeterStateSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="meter.pk")
    water = serializers.CharField(source="meter.water")
    serial = serializers.CharField(source="meter.serial")
    verification_due = serializers.DateField(source="meter.verification_due")
    previous = serializers.DecimalField(max_digits=12, decimal_places=3)
    current = serializers.DecimalField(max_digits=12, decimal_places=3, allow_null=True)


class WindowSerializer(serializers.Serializer):
    opens = serializers.DateField(source="next.opens")
    closes = serializers.DateField(source="next.closes")
    is_open = serializers.BooleanField()
    reading_period = serializers.DateField(allow_null=True,
                                           help_text=gettext_lazy(
                                               "the month a reading sent today counts in"))


class MetersSerializer(serializers.Serializer):
    window = WindowSerializer()
    meters = MeterStateSerializer(many=True, source="states")


def _account(request, number: str):
    """One of the token's login's accounts; any other number is a 404, as if none."""
    found = next((account for account in personal_accounts_for_user(user=request.user)
                  if account.number == number), None)
    if found is None:
        raise Http404
    return found


class AccountsView(APIView):
    @extend_schema(description=gettext_lazy("The login's personal accounts."),
                   responses={200: AccountSerializer(many=True), **PROBLEMS})
    def get(self, request):
        accounts = personal_accounts_for_user(user=request.user)
        return Response(AccountSerializer(accounts, many=True).data)


class BalanceView(APIView):
    @extend_schema(description=gettext_lazy(
        "The account's balance now, what was last charged and what there is to pay."),
        responses={200: BalanceSerializer, **PROBLEMS})
    def get(self, request, number: str):
        account = _account(request, number)
        summary = account_summary(account=account)
        return Response(BalanceSerializer({
            "number": account.number, "balance": summary.balance,
            "balance_period": summary.balance_period, "to_pay": summary.to_pay,
            "billed_period": summary.billed_period, "billed": summary.billed}).data)


class MetersView(APIView):
    @extend_schema(description=gettext_lazy(
        "The account's meters with the reading they count from and this month's, and the "
        "reading window."), responses={200: MetersSerializer, **PROBLEMS})
    def get(self, request, number: str):
        due = readings_due(account=_account(request, number), today=timezone.localdate())
        return Response(MetersSerializer(due).data)


class TypedDecimalField(serializers.DecimalField):
    """A number as a JSON number or as text the way the site's forms read it ("1,5",
    "1 234,5" alike: vodokanal.decimals), refused with the forms' own message."""

    default_error_messages = {"invalid": DecimalInputField.default_error_messages["invalid"]}

    def to_internal_value(self, data):
        if isinstance(data, str):
            try:
                data = str(parse_decimal(data))
            except NotANumber:
                self.fail("invalid")
        return super().to_internal_value(data)


class ReadingInSerializer(serializers.Serializer):
    meter = serializers.IntegerField(
        help_text=gettext_lazy("a meter's id, as GET …/meters/ lists them"))
    value = TypedDecimalField(max_digits=12, decimal_places=3, min_value=0,
                              coerce_to_string=True,
                              help_text=gettext_lazy('"106.5", "106,5" or 106.5'))


class ReadingsInSerializer(serializers.Serializer):
    readings = ReadingInSerializer(many=True, allow_empty=False)
    confirm_high = serializers.BooleanField(
        default=False,
        help_text=gettext_lazy("true confirms a reading that implies unusually high use"))


class ReadingOutSerializer(serializers.Serializer):
    """A reading as saved (meters.services.Accepted)."""

    meter = serializers.IntegerField(source="meter.pk")
    value = serializers.DecimalField(max_digits=12, decimal_places=3)
    consumption = serializers.DecimalField(max_digits=12, decimal_places=3)
    high_consumption = serializers.BooleanField(source="high")


class ReadingsOutSerializer(serializers.Serializer):
    period = serializers.DateField(help_text=gettext_lazy("the month the readings count in"))
    readings = ReadingOutSerializer(many=True)


class Refused(exceptions.ValidationError):
    """Well formed, but the readings' rules refuse it (the form's messages, by meter)."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


class NotTakenNow(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("readings are not taken now")


class SavedReadingSerializer(serializers.Serializer):
    meter = serializers.IntegerField(source="meter_id")
    period = serializers.DateField(help_text=gettext_lazy("the month it counts in"))
    value = serializers.DecimalField(max_digits=12, decimal_places=3)
    consumption = serializers.DecimalField(max_digits=12, decimal_places=3)
    high_consumption = serializers.BooleanField()
    source = serializers.CharField()


class ReadingsPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    readings = SavedReadingSerializer(many=True)


MONTH = r"^20[0-9]{2}-(0[1-9]|1[0-2])$"  # a month of this century, as YYYY-MM


class ReadingsQuery(serializers.Serializer):
    meter = serializers.IntegerField(required=False, min_value=1)
    since = serializers.RegexField(MONTH, required=False,
                                   help_text=gettext_lazy("from this month on, YYYY-MM"))
    until = serializers.RegexField(MONTH, required=False,
                                   help_text=gettext_lazy("up to this month, YYYY-MM"))
    page = serializers.IntegerField(required=False, min_value=1, default=1)

    def month(self, name: str) -> date | None:
        text = self.validated_data.get(name)
        return date(int(text[:4]), int(text[5:7]), 1) if text else None


READINGS_PAGE = 100


class ReadingsView(APIView):
    required_scope = AccessToken.Scope.READINGS

    @extend_schema(description=gettext_lazy(
        "The readings of the account's meters, newest month first, a hundred a page; by "
        "meter and months if asked."), parameters=[ReadingsQuery],
        responses={200: ReadingsPageSerializer, **PROBLEMS,
                   (400, "application/problem+json"): ProblemSerializer})
    def get(self, request, number: str):
        account = _account(request, number)
        query = ReadingsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        readings = account_readings(account=account, meter_id=query.validated_data.get("meter"),
                                    since=query.month("since"), until=query.month("until"))
        count, page = readings.count(), query.validated_data["page"]
        shown = readings[(page - 1) * READINGS_PAGE:page * READINGS_PAGE]
        return Response(ReadingsPageSerializer({
            "count": count, "page": page, "pages": max(1, -(-count // READINGS_PAGE)),
            "readings": shown}).data)

    @_write_schema(gettext_lazy("Submit readings of the account's meters (a second submit "
                                "for the month corrects). The same rules and messages as "
                                "the Meters tab's form."),
                   ReadingsInSerializer, ReadingsOutSerializer, 400, 409, 422)
    @idempotent
    def post(self, request, number: str):
        account = _account(request, number)
        sent = ReadingsInSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        today = timezone.localdate()
        due = readings_due(account=account, today=today)
        values = _values(sent, due.states)
        submitted = _submit(meter_services.readings_submit, request, values, account=account,
                            states=due.states, confirmed=_confirmed(sent, values), today=today)
        return _saved(submitted)


def _values(sent: ReadingsInSerializer, states) -> dict:
    """The readings sent, by meter; a meter that is not among `states` is refused."""
    values = {reading["meter"]: reading["value"] for reading in sent.validated_data["readings"]}
    unknown = values.keys() - {state.meter.pk for state in states}
    if unknown:
        raise Refused({"readings": {str(pk): [_("There is no such meter here.")]
                                    for pk in sorted(unknown)}})
    return values


def _confirmed(sent: ReadingsInSerializer, values: dict) -> set[int]:
    """confirm_high confirms every reading of the request."""
    return set(values) if sent.validated_data["confirm_high"] else set()


def _saved(submitted: meter_services.Submitted) -> Response:
    saved = sorted(submitted.readings, key=lambda reading: reading.meter.pk)
    return Response(ReadingsOutSerializer({"period": submitted.period, "readings": saved}).data,
                    status=status.HTTP_201_CREATED)


def _submit(submit, request, values, **given):
    """A meters service's submission, its refusals as the API's problems."""
    try:
        return submit(user=request.user, values=values, via=f"token:{request.auth.pk}",
                      **given)
    except meter_services.WindowClosed as closed:
        raise NotTakenNow(_("Readings are taken from %(opens)s to %(closes)s.") % {
            "opens": date_format(closed.next_opens), "closes": date_format(closed.next_closes)},
        ) from closed
    except meter_services.CollectedByManagementCompany as error:
        raise NotTakenNow(
            _("The building's management company collects its readings.")) from error
    except meter_services.ReadingsRefused as refused:
        errors = {str(pk): [message] for pk, message in refused.errors.items()}
        errors |= {str(pk): [_("%(implied)s: send it again with confirm_high true if it is "
                               "right.") % {"implied": high.text()}]
                   for pk, high in refused.unconfirmed.items()}
        raise Refused({"readings": errors}) from refused


class ChargeLineSerializer(serializers.Serializer):
    service = serializers.CharField()
    volume = serializers.DecimalField(max_digits=12, decimal_places=3)
    tariff = serializers.DecimalField(max_digits=12, decimal_places=2)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    recalculation = serializers.DecimalField(max_digits=12, decimal_places=2)


class MonthSerializer(serializers.Serializer):
    period = serializers.DateField()
    opening = serializers.DecimalField(max_digits=12, decimal_places=2)
    charged = serializers.DecimalField(max_digits=12, decimal_places=2)
    recalculated = serializers.DecimalField(max_digits=12, decimal_places=2)
    paid = serializers.DecimalField(max_digits=12, decimal_places=2)
    closing = serializers.DecimalField(max_digits=12, decimal_places=2)
    lines = ChargeLineSerializer(many=True)


class PaymentSerializer(serializers.Serializer):
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    channel = serializers.CharField()


class NoticeSerializer(serializers.Serializer):
    created_at = serializers.DateTimeField(source="first.created_at")
    kind = serializers.CharField(source="first.kind")
    account = serializers.CharField(source="first.account.number", allow_null=True,
                                    default=None)
    unread = serializers.BooleanField()


YEARS = (2000, 2100)  # the years any account's history can be in


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(min_value=YEARS[0], max_value=YEARS[1])


YEAR = OpenApiParameter("year", OpenApiTypes.INT, required=True,
                        description=gettext_lazy("e.g. 2026"))


class ChargesView(APIView):
    @extend_schema(description=gettext_lazy(
        "The year's months: opening, charged, recalculated, paid, closing, and the charges "
        "per service."),
        parameters=[YEAR], responses={200: MonthSerializer(many=True), **PROBLEMS,
                                      (400, "application/problem+json"): ProblemSerializer})
    def get(self, request, number: str):
        account = _account(request, number)
        query = YearQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        months = charges_by_month(account=account, year=query.validated_data["year"])
        return Response(MonthSerializer(months, many=True).data)


class PaymentsView(APIView):
    @extend_schema(description=gettext_lazy("The payments received in the year, newest first."),
                   parameters=[YEAR], responses={200: PaymentSerializer(many=True), **PROBLEMS,
                   (400, "application/problem+json"): ProblemSerializer})
    def get(self, request, number: str):
        account = _account(request, number)
        query = YearQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        year = query.validated_data["year"]
        payments = payments_between(account=account, first=date(year, 1, 1),
                                    last=date(year, 12, 1))
        return Response(PaymentSerializer(payments, many=True).data)


class NoticesView(APIView):
    @extend_schema(description=gettext_lazy(
        "What the utility told the login, newest first (reading them here marks nothing)."),
        responses={200: NoticeSerializer(many=True), **PROBLEMS})
    def get(self, request):
        return Response(NoticeSerializer(notice_lines_for_user(user=request.user),
                                         many=True).data)


class ReceiptView(APIView):
    @extend_schema(description=gettext_lazy(
        "The month's receipt, with its payment QR code, as PDF."),
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **PROBLEMS})
    def get(self, request, number: str, year: int, month: int):
        account = _account(request, number)
        if not (1 <= month <= 12 and YEARS[0] <= year <= YEARS[1]):
            raise Http404
        receipt = receipts.receipt_for_month(account=account, period=date(year, month, 1),
                                             today=timezone.localdate())
        if receipt is None:
            raise Http404
        response = HttpResponse(pdf.receipt_pdf(receipt), content_type="application/pdf")
        response["Cache-Control"] = "private, no-store"
        return response


class CommunalMeterSerializer(MeterStateSerializer):
    building = serializers.CharField(source="meter.building.address")


class CommunalMetersSerializer(serializers.Serializer):
    window = WindowSerializer()
    meters = CommunalMeterSerializer(many=True)


def _company(request):
    """A management company's login: its organisation. Any other login: 404."""
    if request.user.kind != User.Kind.MANAGEMENT_COMPANY or not request.user.organisation_id:
        raise Http404
    return request.user.organisation


class CommunalMetersView(APIView):
    @extend_schema(description=gettext_lazy(
        "A management company's communal meters, with their state, and the window."),
        responses={200: CommunalMetersSerializer, **PROBLEMS})
    def get(self, request):
        organisation = _company(request)
        window = window_today(today=timezone.localdate(), rules=ReadingRules.current())
        states = meter_states(meters=company_communal_meters(organisation=organisation),
                              period=window.next.period)
        return Response(CommunalMetersSerializer({"window": window, "meters": states}).data)


class CommunalReadingsView(APIView):
    required_scope = AccessToken.Scope.READINGS

    @_write_schema(gettext_lazy("Submit the communal meters' readings (a second submit for "
                                "the month corrects). The same rules as the company's page."),
                   ReadingsInSerializer, ReadingsOutSerializer, 400, 409, 422)
    @idempotent
    def post(self, request):
        organisation = _company(request)
        sent = ReadingsInSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        today = timezone.localdate()
        window = window_today(today=today, rules=ReadingRules.current())
        states = meter_states(meters=company_communal_meters(organisation=organisation),
                              period=window.next.period)
        values = _values(sent, states)
        submitted = _submit(meter_services.communal_readings_submit, request, values,
                            organisation=organisation, states=states,
                            confirmed=_confirmed(sent, values), today=today)
        return _saved(submitted)


class FlatSerializer(serializers.Serializer):
    number = serializers.CharField(source="account.number")
    flat = serializers.CharField(source="account.flat")
    building = serializers.CharField(source="account.building.address")
    meters = MeterStateSerializer(many=True, source="states")


class FlatsSerializer(serializers.Serializer):
    window = WindowSerializer()
    flats = FlatSerializer(many=True)


class FlatsView(APIView):
    @extend_schema(description=gettext_lazy(
        "A management company's flats whose readings it hands in (its buildings with a "
        "communal meter), each with its meters' state, and the window."),
        responses={200: FlatsSerializer, **PROBLEMS})
    def get(self, request):
        organisation = _company(request)
        window = window_today(today=timezone.localdate(), rules=ReadingRules.current())
        flats = company_flats_readings(
            accounts=list(company_collected_accounts(organisation=organisation)),
            period=window.next.period)
        return Response(FlatsSerializer({"window": window, "flats": flats}).data)


class FlatReadingsView(APIView):
    required_scope = AccessToken.Scope.READINGS

    @_write_schema(gettext_lazy("Hand in a flat's readings, as the company's page does (a "
                                "second submit for the month corrects). The same rules and "
                                "messages as the resident's own form."),
                   ReadingsInSerializer, ReadingsOutSerializer, 400, 409, 422)
    @idempotent
    def post(self, request, number: str):
        organisation = _company(request)
        account = company_collected_accounts(organisation=organisation).filter(
            number=number).first()
        if account is None:
            raise Http404
        sent = ReadingsInSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        today = timezone.localdate()
        window = window_today(today=today, rules=ReadingRules.current())
        states = account_meter_states(account=account, period=window.next.period)
        values = _values(sent, states)
        flat = meter_services.FlatReadingsSent(account=account, states=states, values=values,
                                               confirmed=_confirmed(sent, values))
        submitted = _submit(_flat_submit, request, values, organisation=organisation,
                            flat=flat, today=today)
        return _saved(submitted)


def _flat_submit(*, organisation, flat, user, values, today, via):
    """One flat through the company's service, refused as a resident's submission is."""
    try:
        saved = meter_services.company_flats_readings_submit(
            organisation=organisation, user=user, flats=[flat], today=today, via=via)
    except meter_services.FlatsRefused as refused:
        raise refused.refusals[flat.account.pk] from refused
    return saved[flat.account.pk]


class PaymentLinkInSerializer(serializers.Serializer):
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, coerce_to_string=True)

    def validate_amount(self, amount):
        low, high = settings.PAYMENT_MIN_AMOUNT, settings.PAYMENT_MAX_AMOUNT
        if not low <= amount <= high:
            raise serializers.ValidationError(
                _("Enter an amount from %(low)s to %(high)s.") % {"low": low, "high": high})
        return amount


class PaymentLinkOutSerializer(serializers.Serializer):
    order = serializers.CharField(source="order_id")
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    payment_url = serializers.URLField(
        help_text=gettext_lazy("the partner bank's page, to pay by card"))


class BankUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("The bank does not answer now; try again later.")


class PaymentLinkView(APIView):
    required_scope = AccessToken.Scope.PAYMENTS

    @_write_schema(gettext_lazy("A link to the partner bank's page to pay this amount to "
                                "the account by card."),
                   PaymentLinkInSerializer, PaymentLinkOutSerializer, 400, 422, 503)
    @idempotent
    def post(self, request, number: str):
        account = _account(request, number)
        sent = PaymentLinkInSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        share = payment_services.PaymentShare(account, sent.validated_data["amount"])
        try:
            order = payment_services.payment_start(user=request.user, shares=[share],
                                                   via=f"token:{request.auth.pk}")
        except payment_services.NoReceiptContact as error:
            raise Refused({"amount": [_("The bank sends the payment's fiscal receipt to the "
                                        "login's e-mail or phone: add one in the profile.")]},
                          ) from error
        except GatewayUnavailable as error:
            raise BankUnavailable from error
        return Response(PaymentLinkOutSerializer(order).data, status=status.HTTP_201_CREATED)
