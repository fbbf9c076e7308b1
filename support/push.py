"""Web Push: a notice to each device a login turned push on for (the browser's push
service, by pywebpush with the server's VAPID keys). A device the push service no longer
knows (404, 410) is forgotten; any other failure is temporary and the notice is retried.

The address a notice is posted to comes from a resident's browser, so it is an address a
resident chose: the worker posts only to https on the browsers' push services
(WEB_PUSH_SERVICE_HOSTS), only to a public address (checked when the subscription is
taken, again before each send and once more on the connected socket, as DNS can change),
never follows a redirect and waits a bounded time.
"""

import base64
import ipaddress
import json
import logging
import socket
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from py_vapid import Vapid02
from pywebpush import WebPushException, webpush
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError

logger = logging.getLogger(__name__)

GONE = (404, 410)
TTL_SECONDS = 24 * 3600


class PushTemporaryError(Exception):
    """A push service did not take the message now; worth trying again later."""


def push_enabled() -> bool:
    return bool(settings.WEB_PUSH_VAPID_PRIVATE_KEY and settings.WEB_PUSH_VAPID_PUBLIC_KEY)


def endpoint_refusal(endpoint: str) -> str | None:
    """Why a push subscription's address is not a push service's, or None when it is."""
    parts = urlsplit(endpoint)
    if _test_service(parts):
        return None
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme != "https" or parts.username or parts.password:
        return "not an https address"
    if parts.port not in (None, 443):
        return "not the https port"
    if not any(_host_matches(host, known) for known in settings.WEB_PUSH_SERVICE_HOSTS):
        return "not a known push service"
    return None


def _test_service(parts) -> bool:
    """The tests' push service on loopback, only where the test settings allow it."""
    return (settings.WEB_PUSH_LOOPBACK_SERVICE and parts.scheme == "http"
            and parts.hostname == "127.0.0.1")


def _host_matches(host: str, known: str) -> bool:
    if known.startswith("*."):
        return host.endswith(known[1:]) and len(host) > len(known) - 1
    return host == known


def address_is_public(address: str) -> bool:
    """Not loopback, private, link-local (169.254.169.254, the clouds' metadata), shared,
    multicast or reserved: an address on the internet at large."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def _addresses_refusal(endpoint: str) -> str | None:
    """Resolve the service's host now: refused if any address it gives is not public."""
    parts = urlsplit(endpoint)
    if _test_service(parts):
        return None
    try:
        found = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443,
                                                           type=socket.SOCK_STREAM)}
    except OSError as error:
        return f"not resolved: {error}"
    private = sorted(address for address in found if not address_is_public(address))
    return f"resolves to {', '.join(private)}" if private else None


class _PublicPeerOnly:
    """A connection that closes, before sending a byte, a socket whose peer is not a public
    address (the host resolved to another address between the check and the connect)."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        peer = sock.getpeername()[0]
        if not (settings.WEB_PUSH_LOOPBACK_SERVICE and peer == "127.0.0.1") and not (
                address_is_public(peer)):
            sock.close()
            raise NewConnectionError(self, f"{peer} is not a public address")
        return sock


class _HTTPConnection(_PublicPeerOnly, HTTPConnection):
    pass


class _HTTPSConnection(_PublicPeerOnly, HTTPSConnection):
    pass


class _HTTPPool(HTTPConnectionPool):
    ConnectionCls = _HTTPConnection


class _HTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _HTTPSConnection


class _PublicAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _HTTPPool, "https": _HTTPSPool}


def push_session() -> requests.Session:
    """The only way the worker talks to push services: to public addresses only (a socket
    to any other is closed before a byte is sent), no redirect followed (a 3xx is a
    failure), no proxy from the environment (the address checked is the address posted
    to)."""
    return _PushSession()


class _PushSession(requests.Session):
    def __init__(self):
        super().__init__()
        self.trust_env = False
        self.mount("http://", _PublicAdapter())
        self.mount("https://", _PublicAdapter())

    def request(self, method, url, **kwargs):
        kwargs["allow_redirects"] = False
        return super().request(method, url, **kwargs)


def push_send(*, user, title: str, body: str, url: str) -> None:
    payload = json.dumps({"title": title, "body": body, "url": url}, ensure_ascii=False)
    failed = None
    with push_session() as session:
        for device in user.push_subscriptions.all():
            try:
                _device_send(session, device, payload)
            except _DeviceGone:
                device.delete()
            except (PushTemporaryError, WebPushException, requests.RequestException) as error:
                failed = error
    if failed is not None:
        raise PushTemporaryError(str(failed))


class _DeviceGone(Exception):
    pass


def _device_send(session: requests.Session, device, payload: str) -> None:
    if endpoint_refusal(device.endpoint):  # kept before the rule, or the hosts changed
        logger.warning("Push device %s forgotten: not a push service's address", device.pk)
        raise _DeviceGone
    refusal = _addresses_refusal(device.endpoint)
    if refusal:
        logger.warning("Push to device %s refused: %s", device.pk, refusal)
        raise PushTemporaryError(refusal)
    try:
        webpush(device.subscription_info(), payload,
                vapid_private_key=Vapid02.from_string(settings.WEB_PUSH_VAPID_PRIVATE_KEY),
                # pywebpush writes aud and exp into the claims it is given
                vapid_claims={"sub": settings.WEB_PUSH_CONTACT},
                ttl=TTL_SECONDS, requests_session=session,
                timeout=(settings.WEB_PUSH_TIMEOUT_SECONDS / 2, settings.WEB_PUSH_TIMEOUT_SECONDS))
    except WebPushException as error:
        if error.response is not None and error.response.status_code in GONE:
            raise _DeviceGone from error
        raise


def vapid_key_pair() -> tuple[str, str]:
    """(private, public), base64url, for the settings."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(encoding=serialization.Encoding.X962,
                                           format=serialization.PublicFormat.UncompressedPoint)
    return _b64(private), _b64(public)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
