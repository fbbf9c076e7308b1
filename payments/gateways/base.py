"""What every payment gateway offers the portal: start a payment, read a notification, ask."""

from abc import ABC, abstractmethod
from dataclasses import dataclass


class GatewayUnavailable(Exception):
    """The bank did not answer or refused: show the customer "try later", log the detail."""


class InvalidSignature(Exception):
    """A notification whose token does not match: never acted on, logged for staff."""


@dataclass(frozen=True)
class Started:
    payment_id: str
    payment_url: str


@dataclass(frozen=True)
class BankStatus:
    order_id: str
    payment_id: str
    status: str  # NEW, AUTHORIZED, CONFIRMED, REJECTED, REVERSED, REFUNDED
    amount_kopecks: int


class Gateway(ABC):
    name: str
    site: str  # the host of the bank's payment page, named to the payer before the redirect

    @abstractmethod
    def start(self, *, order_id: str, amount_kopecks: int, description: str,
              notification_url: str, success_url: str, fail_url: str) -> Started: ...

    @abstractmethod
    def parse_notification(self, data: dict) -> BankStatus:
        """Verify the signature (InvalidSignature if wrong) and read the fields."""

    @abstractmethod
    def fetch_status(self, *, order_id: str, payment_id: str) -> BankStatus: ...
