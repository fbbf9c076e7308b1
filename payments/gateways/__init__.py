"""The gateways the portal can use, by name; settings.PAYMENT_GATEWAY picks one."""

from django.conf import settings

from .acquiring import AcquiringGateway
from .base import Gateway

GATEWAYS: dict[str, type[Gateway]] = {AcquiringGateway.name: AcquiringGateway}


def gateway(name: str | None = None) -> Gateway:
    return GATEWAYS[name or settings.PAYMENT_GATEWAY]()
