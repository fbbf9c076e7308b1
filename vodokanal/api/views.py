"""The API's endpoints: thin, over the same selectors and services the pages use."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.selectors import personal_accounts_for_user
from billing.selectors import account_summary
from meters.selectors import readings_due

from .errors import ProblemSerializer

PROBLEMS = {(status, "application/problem+json"): ProblemSerializer
            for status in (401, 403, 404, 429)}


class AccountSerializer(serializers.Serializer):
    number = serializers.CharField()
    address = serializers.CharField()
    holder = serializers.CharField(source="holder_name")


class BalanceSerializer(serializers.Serializer):
    number = serializers.CharField()
    balance = serializers.DecimalField(max_digits=12, decimal_places=2,
                                       help_text="> 0 a debt, < 0 paid in advance")
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
                                           help_text="the month a reading sent today counts in")


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
    @extend_schema(responses={200: AccountSerializer(many=True), **PROBLEMS})
    def get(self, request):
        """The login's personal accounts."""
        accounts = personal_accounts_for_user(user=request.user)
        return Response(AccountSerializer(accounts, many=True).data)


class BalanceView(APIView):
    @extend_schema(responses={200: BalanceSerializer, **PROBLEMS})
    def get(self, request, number: str):
        """The account's balance now, what was last charged and what there is to pay."""
        account = _account(request, number)
        summary = account_summary(account=account)
        return Response(BalanceSerializer({
            "number": account.number, "balance": summary.balance,
            "balance_period": summary.balance_period, "to_pay": summary.to_pay,
            "billed_period": summary.billed_period, "billed": summary.billed}).data)


class MetersView(APIView):
    @extend_schema(responses={200: MetersSerializer, **PROBLEMS})
    def get(self, request, number: str):
        """The account's meters with the reading they count from and this month's, and the
        reading window."""
        due = readings_due(account=_account(request, number), today=timezone.localdate())
        return Response(MetersSerializer(due).data)
