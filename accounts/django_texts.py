"""Django's own texts that residents read on our forms, here so that the portal's own
catalogue (locale/ru) words them as the rest of the site is worded: with «ё» («введён»,
«учётная»), which Django's Russian leaves out. Nothing imports this module; makemessages
reads it."""

from django.utils.translation import gettext_noop

DJANGO_TEXTS = [
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop("This account is inactive."),
    gettext_noop("Password changed successfully."),
]
