"""`{% recent_answers user %}`: the Information tab's word that the utility has answered."""

from django import template

from support.selectors import answers_recent

register = template.Library()


@register.inclusion_tag("support/_recent_answers.html")
def recent_answers(user):
    return {"questions": answers_recent(user=user)}
