"""The partner banks the portal can use, by name; settings.PAYMENT_BANKS lists those a payer
may choose, the first of them chosen unless the payer picks another."""

from django.conf import settings

from .acquiring import AcquiringGateway
from .base import Gateway
from .checkout import CheckoutGateway

GATEWAYS: dict[str, type[Gateway]] = {gateway.name: gateway
                                      for gateway in (AcquiringGateway, CheckoutGateway)}


def gateway(name: str | None = None) -> Gateway:
    return GATEWAYS[name or settings.PAYMENT_BANKS[0]]()


def banks() -> list[Gateway]:
    """The banks offered to the payer, in the order the pay page lists them."""
    return [GATEWAYS[name]() for name in settings.PAYMENT_BANKS]


def sbp_bank() -> Gateway | None:
    """The first offered bank that takes SBP payments by QR code, if any does."""
    return next((bank for bank in banks() if bank.takes_sbp), None)
