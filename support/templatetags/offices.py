"""`{% nearest_office account %}`: the office closest to the account's building (a card)."""

from django import template

from support.selectors import nearest_office as nearest

register = template.Library()


@register.inclusion_tag("support/_nearest_office.html")
def nearest_office(account):
    found = nearest(latitude=account.building.latitude, longitude=account.building.longitude)
    return {"office": found[0], "km": found[1]} if found else {"office": None}
