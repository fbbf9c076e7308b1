"""Sending an SMS. Without SMS_URL (make run, tests) the text goes to the log.

The HTTP gateway adapter comes with the support issue; this is its seam.
"""

import logging

logger = logging.getLogger(__name__)


class SmsTemporaryError(Exception):
    """The gateway could not take the message now; worth trying again later."""


def sms_send(*, phone: str, text: str) -> None:
    logger.info("SMS to %s: %s", phone, text)
