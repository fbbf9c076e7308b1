from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from billing.templatetags.money import money

from .services import PaymentShare


class PaymentForm(forms.Form):
    """An amount per personal account of the login (the debt filled in); pay one or several."""

    def __init__(self, *args, accounts: list, debts: dict[int, Decimal], **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        for account in accounts:
            debt = debts.get(account.pk, Decimal(0))
            self.fields[f"account_{account.pk}"] = forms.DecimalField(
                label=f"{account.number} — {account.address}", required=False,
                min_value=Decimal(0), max_digits=12, decimal_places=2,
                initial=debt if debt > 0 else None,
                help_text=_("Debt now: %(debt)s") % {"debt": money(debt)} if debt > 0 else "",
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}))

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        total = sum((share.amount for share in self.shares(cleaned)), Decimal(0))
        low, high = settings.PAYMENT_MIN_AMOUNT, settings.PAYMENT_MAX_AMOUNT
        if not low <= total <= high:
            raise ValidationError(_("Enter an amount from %(low)s to %(high)s.")
                                  % {"low": money(low), "high": money(high)})
        return cleaned

    def shares(self, cleaned: dict | None = None) -> list[PaymentShare]:
        cleaned = self.cleaned_data if cleaned is None else cleaned
        return [PaymentShare(account, cleaned[f"account_{account.pk}"])
                for account in self.accounts if cleaned.get(f"account_{account.pk}")]
