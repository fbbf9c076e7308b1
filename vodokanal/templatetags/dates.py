"""`{{ period|date:"F Y"|in_sentence }}`: a month's name as it is written inside a sentence
in the active language: «за ноябрь 2026» in Russian, "for November 2026" in English."""

from django import template
from django.utils.translation import get_language

register = template.Library()

# The languages that write a month's name in lower case inside a sentence.
LOWER_CASE_MONTHS = {"ru"}


@register.filter
def in_sentence(text: str) -> str:
    return text.lower() if (get_language() or "")[:2] in LOWER_CASE_MONTHS else text
