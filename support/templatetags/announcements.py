"""`{% announcements_for account now %}`: the Information tab's items of the outages and
announcements at the account's address."""

from django import template

from support.selectors import announcements_for_building

register = template.Library()


@register.inclusion_tag("support/_todo_announcements.html")
def announcements_for(account, now):
    return {"announcements": announcements_for_building(building=account.building, now=now)}
