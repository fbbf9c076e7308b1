"""The one way money and volumes are shown: `{{ amount|money }}` → «1 234,56 ₽»,
`{{ reading|volume }}` → «1 234,500 м³» (in the active language)."""

from decimal import Decimal

from django import template

from billing.money import money_text, volume_text

register = template.Library()


@register.filter
def money(value: Decimal | None) -> str:
    if value is None or value == "":
        return "—"
    return money_text(value)


@register.filter
def volume(value: Decimal | None) -> str:
    """Cubic metres with three decimals, as the billing system has them."""
    if value is None or value == "":
        return "—"
    return volume_text(value)
