"""What every payment gateway offers the portal: start a payment, read a notification, ask."""

from abc import ABC, abstractmethod
from dataclasses import dataclass

from vodokanal.json_input import json_bounded_loads

from ..fiscal import FiscalReceipt


class GatewayUnavailable(Exception):
    """The bank did not answer or refused: show the customer "try later", log the detail."""


class InvalidSignature(Exception):
    """A notification whose token does not match: never acted on, logged for staff."""


@dataclass(frozen=True)
class Started:
    payment_id: str
    payment_url: str


@dataclass(frozen=True)
class CardOnFile:
    """A card the bank bound for repeat charges, as its notification tells of it."""

    card_id: str
    rebill_id: str
    pan: str  # masked by the bank: 411111******1111
    expiry: str  # MMYY


@dataclass(frozen=True)
class BankStatus:
    order_id: str
    payment_id: str
    status: str  # NEW, AUTHORIZED, CONFIRMED, REJECTED, REVERSED, REFUNDED (the bank's own
    # statuses, when they are others, are put in these words by its gateway)
    amount_kopecks: int
    card: CardOnFile | None = None  # on the payment that bound it
    # Status RECEIPT: the bank's register printed the payment's fiscal receipt, shown here.
    receipt_url: str = ""


class Gateway(ABC):
    name: str
    title: str  # the bank's name, for the payer to choose by
    site: str  # the host of the bank's payment page, named to the payer before the redirect
    takes_sbp = False  # can show a started payment as an SBP QR code (sbp_qr)
    binds_cards = False  # can remember a card on a payment, for autopay (customer_key)
    # False: anyone can post its notifications, so each is only a hint that its payment
    # changed; the bank is asked about the payment off the request (payments.tasks).
    signs_notifications = True

    @abstractmethod
    def start(self, *, order_id: str, amount_kopecks: int, description: str,
              notification_url: str, return_url: str, receipt: FiscalReceipt,
              customer_key: str = "") -> Started:
        """With `customer_key` (binds_cards), the bank also binds the card it is paid by."""

    @abstractmethod
    def parse_notification(self, data: dict) -> BankStatus:
        """Verify it (InvalidSignature if it is not the bank's) and read the fields: by its
        signature, or, for a bank that signs nothing, by asking the bank (which may raise
        GatewayUnavailable)."""

    @abstractmethod
    def fetch_status(self, *, order_id: str, payment_id: str) -> BankStatus: ...

    def notification_payment_id(self, data: dict) -> str:
        """The payment a hint names (a bank that signs nothing); InvalidSignature if none."""
        raise NotImplementedError(f"{self.name} signs its notifications")

    def charge(self, *, order_id: str, payment_id: str, rebill_id: str) -> BankStatus:
        raise NotImplementedError(f"{self.name} binds no cards")

    def card_remove(self, *, customer_key: str, card_id: str) -> None:
        raise NotImplementedError(f"{self.name} binds no cards")

    def sbp_qr(self, *, payment_id: str) -> str:
        """The started payment as an SBP link (https://qr.nspk.ru/…), for a QR code."""
        raise NotImplementedError(f"{self.name} takes no SBP payments")


SBP_QR_PREFIX = "https://qr.nspk.ru/"


# A bank's notification is a flat JSON object of a few hundred bytes, with perhaps a
# receipt object inside: anything else is refused before it is looked at.
NOTIFICATION_MAX_BYTES = 16 * 1024
_MAX_DEPTH = 4


def notification_json(body: bytes) -> dict:
    """The notification's fields; ValueError for a body that is not a JSON object of plain
    values (NaN, NUL characters, nesting deeper than a receipt's, over the size)."""
    data = json_bounded_loads(body, max_bytes=NOTIFICATION_MAX_BYTES, max_depth=_MAX_DEPTH)
    if not isinstance(data, dict) or not _plain(data):
        raise ValueError("not an object of plain values")
    return data


def _plain(value) -> bool:
    if isinstance(value, str):
        return "\x00" not in value
    if isinstance(value, dict):
        return all(_plain(key) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return value is None or isinstance(value, bool | int | float)
