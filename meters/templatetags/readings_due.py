"""`{% readings_due account today %}`: the Information tab's items of what to do about the
meters: the reading window and each meter's reading, and verifications near or past."""

from django import template

from meters.selectors import readings_due as due

register = template.Library()


@register.inclusion_tag("meters/_todo.html")
def readings_due(account, today):
    return {"account": account, "due": due(account=account, today=today)}
