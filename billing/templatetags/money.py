"""The one way money is shown: `{{ amount|money }}` → «1 234,56 ₽» (in the active language)."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

from billing.money import money_text

register = template.Library()


@register.filter
def money(value: Decimal | None) -> str:
    if value is None or value == "":
        return "—"
    return money_text(value)


@register.filter
def volume(value: Decimal | None) -> str:
    """Cubic metres with three decimals, as the billing system has them."""
    if value is None:
        return "—"
    return f"{number_format(value, decimal_pos=3, use_l10n=True)}\N{NO-BREAK SPACE}м³"
