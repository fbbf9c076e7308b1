"""Django's own texts that residents and staff read, here so that the portal's own
catalogue (locale/ru) words them as the rest of the site is worded: with «ё» («введён»,
«учётная»), which Django's Russian leaves out, and without words that mean something else
at a water utility. Nothing imports this module; makemessages reads it."""

from django.utils.translation import gettext_noop

DJANGO_TEXTS = [
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("This account is inactive."),
    gettext_noop("Password changed successfully."),
    # Admin's filter sidebar: «счётчики» would read as water meters here.
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
]
