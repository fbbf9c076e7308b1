"""Sending one e-mail from its templates: `<name>_subject.txt`, `<name>.txt`, `<name>.html`."""

from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

# How every e-mail task retries a mail server that is down or refusing for now:
# with backoff, a bounded number of times, then it gives up and the failure is logged.
EMAIL_TASK_OPTIONS = {
    "autoretry_for": (SMTPException, OSError),
    "retry_backoff": 30,
    "retry_backoff_max": 15 * 60,
    "retry_jitter": True,
    "max_retries": 8,
}


def templated_email_render(*, template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of `template` (a path without suffix), in the portal's language."""
    context = {"utility": settings.UTILITY, "site_url": settings.SITE_URL, **context}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context)
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return " ".join(subject.split()), text, html


def templated_email_send(*, to: str, template: str, context: dict) -> None:
    subject, text, html = templated_email_render(template=template, context=context)
    message = EmailMultiAlternatives(subject, text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()
