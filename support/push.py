"""Web Push: a notice to each device a login turned push on for (the browser's push
service, by pywebpush with the server's VAPID keys). A device the push service no longer
knows (404, 410) is forgotten; any other failure is temporary and the notice is retried."""

import base64
import json

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush

GONE = (404, 410)
TTL_SECONDS = 24 * 3600
TIMEOUT_SECONDS = 10


class PushTemporaryError(Exception):
    """A push service did not take the message now; worth trying again later."""


def push_enabled() -> bool:
    return bool(settings.WEB_PUSH_VAPID_PRIVATE_KEY and settings.WEB_PUSH_VAPID_PUBLIC_KEY)


def push_send(*, user, title: str, body: str, url: str) -> None:
    payload = json.dumps({"title": title, "body": body, "url": url}, ensure_ascii=False)
    failed = None
    for device in user.push_subscriptions.all():
        try:
            webpush(device.subscription_info(), payload,
                    vapid_private_key=Vapid02.from_string(settings.WEB_PUSH_VAPID_PRIVATE_KEY),
                    # pywebpush writes aud and exp into the claims it is given
                    vapid_claims={"sub": settings.WEB_PUSH_CONTACT},
                    ttl=TTL_SECONDS, timeout=TIMEOUT_SECONDS)
        except WebPushException as error:
            if error.response is not None and error.response.status_code in GONE:
                device.delete()
                continue
            failed = error
        except requests.RequestException as error:
            failed = error
    if failed is not None:
        raise PushTemporaryError(str(failed))


def vapid_key_pair() -> tuple[str, str]:
    """(private, public), base64url, for the settings."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(encoding=serialization.Encoding.X962,
                                           format=serialization.PublicFormat.UncompressedPoint)
    return _b64(private), _b64(public)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
