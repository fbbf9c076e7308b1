"""`{% autopay_next account today %}`: the account's next autopay charge, for the
Information tab (billing's page, which cannot import payments)."""

from django import template

from payments.selectors import autopay_next as next_charge

register = template.Library()


@register.inclusion_tag("payments/_autopay_next.html")
def autopay_next(account, today):
    return {"next": next_charge(account=account, today=today)}
