from decimal import Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.numbers import InvalidAccountNumber
from accounts.selectors import payee_lookup
from billing.money import money_text
from vodokanal.decimals import DecimalInputField

from .gateways import GATEWAYS, banks, sbp_bank
from .models import PaymentOrder
from .services import SBP_MIN_AMOUNT, PaymentShare


class AmountConfirmation(forms.CheckboxInput):
    """Ticked, it sends the total it confirms, so a total changed afterwards is asked again."""

    def __init__(self, total: Decimal):
        super().__init__(attrs={"value": str(total)}, check_test=lambda value: False)


class _BankAndMethod(forms.Form):
    """The bank to pay a card on (radio buttons, the first ticked) and which button was
    pressed: the card's or SBP's."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        offered = banks()
        self.fields["bank"] = forms.ChoiceField(
            label=_("Pay on the page of"), widget=forms.RadioSelect, initial=offered[0].name,
            required=False,  # the first is ticked; a form sent without one gets it too
            choices=[(bank.name, _("%(bank)s, at %(site)s") % {"bank": bank.title,
                                                              "site": bank.site})
                     for bank in offered])

    def bank(self) -> str:
        return self.cleaned_data["bank"] or self.fields["bank"].initial

    def method(self) -> str:
        """The button pressed: SBP's when a bank takes SBP, else the card's (autopay is
        never a payer's button)."""
        if self.data.get("method") == PaymentOrder.Method.SBP and sbp_bank() is not None:
            return PaymentOrder.Method.SBP
        return PaymentOrder.Method.CARD

    def _check_range(self, total: Decimal) -> None:
        low, high = settings.PAYMENT_MIN_AMOUNT, settings.PAYMENT_MAX_AMOUNT
        if self.method() == PaymentOrder.Method.SBP:
            low = max(low, SBP_MIN_AMOUNT)
        if not low <= total <= high:
            raise ValidationError(_("Enter an amount from %(low)s to %(high)s.")
                                  % {"low": money_text(low), "high": money_text(high)})


class PaymentForm(_BankAndMethod):
    """An amount per personal account of the login (the debt filled in); pay one or several.

    A total well above what is owed (a slipped comma turns 100,50 into 10 050) is sent to
    the bank only after the payer confirms that very total, shown in figures.
    """

    confirmed_total = DecimalInputField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, accounts: list, debts: dict[int, Decimal], payer, **kwargs):
        super().__init__(*args, **kwargs)
        self.accounts, self.debts = accounts, debts
        # The bank's register sends the fiscal receipt by e-mail, or by SMS to the phone;
        # left empty, it goes to the login's own e-mail (or phone).
        self.fields["email"] = forms.EmailField(
            label=_("E-mail for the receipt"), initial=payer.email,
            required=not (payer.email or payer.phone),
            help_text=_("The bank sends the payment's fiscal receipt there."))
        binding = next((bank for bank in banks() if bank.binds_cards), None)
        if binding is not None:
            self.fields["remember_card"] = forms.BooleanField(
                required=False, label=_("Remember the card for autopay"),
                help_text=_("%(bank)s keeps it; the portal keeps only its masked number and "
                            "expiry. Cards are listed, and removed, under Profile → Cards.")
                % {"bank": binding.title})
        for account in accounts:
            debt = debts.get(account.pk, Decimal(0))
            self.fields[f"account_{account.pk}"] = DecimalInputField(
                label=f"{account.number} — {account.address}", required=False,
                min_value=Decimal(0), max_digits=12, decimal_places=2,
                initial=debt if debt > 0 else None,
                help_text=_("Debt now: %(debt)s") % {"debt": money_text(debt)} if debt > 0 else "")
        self.order_fields([name for name in self.fields
                           if name not in ("confirmed_total", "bank", "email", "remember_card")]
                          + ["email", "bank", "remember_card"])

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        shares = self.shares(cleaned)
        total = sum((share.amount for share in shares), Decimal(0))
        self._check_range(total)
        if self._far_above_owed(shares, total) and cleaned.get("confirmed_total") != total:
            self._ask_to_confirm(shares, total)
        return cleaned

    def remember_card(self) -> bool:
        """Only a card payment at a bank that binds cards remembers one."""
        return (bool(self.cleaned_data.get("remember_card"))
                and self.method() == PaymentOrder.Method.CARD)

    def clean_remember_card(self) -> bool:
        remember = self.cleaned_data["remember_card"]
        # The bank is cleaned first (its field comes before): a bank not offered is its error.
        chosen = self.cleaned_data.get("bank") or self.fields["bank"].initial
        if remember and not GATEWAYS[chosen].binds_cards:
            raise ValidationError(_("Only %(bank)s remembers cards: choose it to remember "
                                    "this one.") % {"bank": next(
                                        bank.title for bank in banks() if bank.binds_cards)})
        return remember

    def shares(self, cleaned: dict | None = None) -> list[PaymentShare]:
        cleaned = self.cleaned_data if cleaned is None else cleaned
        return [PaymentShare(account, cleaned[f"account_{account.pk}"])
                for account in self.accounts if cleaned.get(f"account_{account.pk}")]

    def _owed(self, account) -> Decimal:
        return max(self.debts.get(account.pk, Decimal(0)), Decimal(0))

    def _far_above_owed(self, shares: list[PaymentShare], total: Decimal) -> bool:
        margin = settings.PAYMENT_CONFIRM_ABOVE_DEBT_BY
        return total > settings.PAYMENT_CONFIRM_ABOVE or any(
            share.amount > self._owed(share.account) + margin for share in shares)

    def _ask_to_confirm(self, shares: list[PaymentShare], total: Decimal) -> None:
        owed = sum((self._owed(share.account) for share in shares), Decimal(0))
        self.fields["confirmed_total"].widget = AmountConfirmation(total)
        self["confirmed_total"].label = _("Yes, pay %(total)s") % {"total": money_text(total)}
        raise ValidationError(_(
            "You are about to pay %(total)s, while %(owed)s is owed. Check the amount: "
            "if it is right, tick the box below and press the button again.")
            % {"total": money_text(total), "owed": money_text(owed)}, code="confirm")


class GuestPaymentForm(_BankAndMethod):
    """Pay for an account without its login (a parent's flat, a neighbour's): its number
    and an amount. The page confirms the account by a masked address only; its debt is
    shown to one who also types the holder's surname. "Find the account" checks the
    number without paying."""

    number = forms.CharField(label=_("Personal account number"), max_length=20)
    surname = forms.CharField(
        label=_("Holder's surname"), max_length=100, required=False,
        help_text=_("Optional: with it the page shows what is owed."))
    amount = DecimalInputField(label=_("Amount, ₽"), required=False, min_value=Decimal(0),
                               max_digits=12, decimal_places=2)
    email = forms.EmailField(label=_("Your e-mail for the receipt"), required=False)

    payee = None

    @property
    def account(self):
        return self.payee.account if self.payee else None

    def clean_number(self) -> str:
        try:
            self.payee = payee_lookup(number=self.cleaned_data["number"])
        except InvalidAccountNumber:
            raise ValidationError(_("Check the number on the receipt: two digits, a hyphen "
                                    "and seven digits, 01-1234567.")) from None
        return self.payee.number

    def paying(self) -> bool:
        return self.data.get("step") != "find"

    def clean(self):
        cleaned = super().clean()
        if self.errors or not self.paying():
            return cleaned
        if self.payee is not None and self.payee.account is None:
            # Only now, to one who pays: the lookup itself answers alike for any number.
            self.add_error("number", _("A payment to this account cannot be taken online. "
                                       "Check the number on the receipt, or call %(phone)s.")
                           % {"phone": settings.UTILITY["SUPPORT_PHONE"]})
        if not cleaned.get("email"):
            self.add_error("email", _("The bank sends the receipt there: enter an e-mail."))
        if cleaned.get("amount") is None:
            self.add_error("amount", _("Enter the amount to pay."))
        else:
            self._check_range(cleaned["amount"])
        return cleaned


class AutopayForm(forms.Form):
    """Turn an account's autopay on: which card, and at most how much a month."""

    account = forms.TypedChoiceField(label=_("Personal account"), coerce=int)
    card = forms.TypedChoiceField(label=_("Card"), coerce=int)
    cap = DecimalInputField(label=_("At most a month, ₽"), max_digits=12, decimal_places=2,
                            help_text=_("A larger debt is charged up to this; the rest is "
                                        "yours to pay."))

    def __init__(self, *args, accounts: list, cards: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = [(a.pk, f"{a.number} — {a.address}") for a in accounts]
        self.fields["card"].choices = [(c.pk, f"{c.pan} · {c.expiry_text}") for c in cards]
        self.accounts = {account.pk: account for account in accounts}
        self.cards = {card.pk: card for card in cards}

    def clean_cap(self) -> Decimal:
        cap = self.cleaned_data["cap"]
        low, high = settings.PAYMENT_MIN_AMOUNT, settings.PAYMENT_MAX_AMOUNT
        if not low <= cap <= high:  # a charge above the top would be refused by the portal
            raise ValidationError(_("Enter a cap from %(low)s to %(high)s.")
                                  % {"low": money_text(low), "high": money_text(high)})
        return cap
