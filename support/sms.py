"""Sending an SMS through the gateway's HTTP API; without SMS_URL (make run) to the log.

The gateway takes POST {SMS_URL} with a JSON body {"phone", "text", "sender"} and
`Authorization: Bearer <SMS_TOKEN>`, and answers 200 {"status": "accepted", "id"}.
A 429, a 5xx or no answer is temporary (tried again later); another 4xx means
the message will never go (a bad number, say) and is not retried.
"""

import json
import logging
import urllib.error
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10


class SmsTemporaryError(Exception):
    """The gateway could not take the message now; worth trying again later."""


class SmsRejected(Exception):
    """The gateway refused this message for good."""


def sms_send(*, phone: str, text: str) -> None:
    if not settings.SMS_URL:
        logger.info("SMS to %s: %s", phone, text)
        return
    body = json.dumps({"phone": phone, "text": text, "sender": settings.SMS_SENDER}).encode()
    request = urllib.request.Request(  # noqa: S310 - the gateway's URL, from settings
        settings.SMS_URL, data=body, method="POST",
        headers={"Content-Type": "application/json",
                 "Authorization": f"Bearer {settings.SMS_TOKEN}"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        if error.code == 429 or error.code >= 500:
            raise SmsTemporaryError(f"gateway answered {error.code}") from error
        raise SmsRejected(f"gateway refused: {error.code}") from error
    except (urllib.error.URLError, TimeoutError, ValueError) as error:
        raise SmsTemporaryError(str(error)) from error
    if answer.get("status") != "accepted":
        raise SmsRejected(f"gateway said {answer}")
