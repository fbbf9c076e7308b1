"""A Russian payment API of the other common kind (REST, modelled on YooKassa's v3).

A payment is created by `POST /payments` with Basic auth (shop id and secret key) and an
`Idempotence-Key` header; the payer is sent to its `confirmation.confirmation_url`.
Webhooks are not signed, so a webhook is only a hint: the portal fetches the payment
(`GET /payments/{id}`) and acts on what the bank's API answers, never on the body.
"""

import base64
import json
import logging
import urllib.error
import urllib.request
from decimal import Decimal, InvalidOperation
from urllib.parse import quote, urlsplit

from django.conf import settings

from ..fiscal import FiscalReceipt
from .base import BankStatus, Gateway, GatewayUnavailable, InvalidSignature, Started

logger = logging.getLogger(__name__)

# The bank's statuses in the portal's words (capture is immediate: one stage).
STATUSES = {"pending": "NEW", "waiting_for_capture": "AUTHORIZED", "succeeded": "CONFIRMED",
            "canceled": "REJECTED"}


class CheckoutGateway(Gateway):
    name = "checkout"

    def __init__(self):
        self.base_url = settings.PAYMENT_CHECKOUT_URL.rstrip("/")
        self.site = settings.PAYMENT_CHECKOUT_SITE or urlsplit(self.base_url).netloc
        self.title = settings.PAYMENT_CHECKOUT_NAME
        credentials = f"{settings.PAYMENT_CHECKOUT_SHOP_ID}:{settings.PAYMENT_CHECKOUT_SECRET_KEY}"
        self.authorization = "Basic " + base64.b64encode(credentials.encode()).decode()

    def start(self, *, order_id, amount_kopecks, description, notification_url,
              return_url, receipt, customer_key="") -> Started:
        if customer_key:
            raise GatewayUnavailable("this bank binds no cards here")
        # The webhook's address is the shop's setting at this bank, not the payment's.
        answer = self._call("POST", "payments", idempotence_key=order_id, body={
            "amount": {"value": _roubles(amount_kopecks), "currency": "RUB"},
            "capture": True, "description": description[:128],
            "confirmation": {"type": "redirect", "return_url": return_url},
            "metadata": {"order_id": order_id}, "receipt": checkout_receipt(receipt)})
        try:
            return Started(payment_id=str(answer["id"]),
                           payment_url=answer["confirmation"]["confirmation_url"])
        except (KeyError, TypeError) as error:
            raise GatewayUnavailable(f"unexpected answer: {answer}") from error

    signs_notifications = False

    def notification_payment_id(self, data: dict) -> str:
        payment = data.get("object")
        payment_id = payment.get("id") if isinstance(payment, dict) else None
        if not isinstance(payment_id, str) or not 0 < len(payment_id) <= 64:
            raise InvalidSignature
        return payment_id

    def parse_notification(self, data: dict) -> BankStatus:
        """Anyone can post a webhook: only its payment's id is read, and the payment is
        fetched from the bank. A payment the bank does not know is InvalidSignature."""
        return self.fetch_status(order_id="", payment_id=self.notification_payment_id(data))

    def fetch_status(self, *, order_id, payment_id) -> BankStatus:
        return _status(self._call("GET", f"payments/{quote(payment_id, safe='')}"))

    def _call(self, method: str, path: str, *, body: dict | None = None,
              idempotence_key: str = "") -> dict:
        headers = {"Authorization": self.authorization, "Content-Type": "application/json"}
        if idempotence_key:
            headers["Idempotence-Key"] = idempotence_key  # a retry creates no second payment
        request = urllib.request.Request(  # noqa: S310 - the bank's URL, from settings
            f"{self.base_url}/{path}", method=method, headers=headers,
            data=json.dumps(body).encode() if body is not None else None)
        try:
            with urllib.request.urlopen(  # noqa: S310
                    request, timeout=settings.PAYMENT_GATEWAY_TIMEOUT_SECONDS) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            if error.code == 404:
                raise InvalidSignature(f"the bank knows no {path}") from error
            detail = error.read()[:500]
            logger.warning("Bank %s %s refused: %s %s", method, path, error.code, detail)
            raise GatewayUnavailable(f"{error.code}: {detail!r}") from error
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            logger.warning("Bank %s %s failed: %s", method, path, error)
            raise GatewayUnavailable(str(error)) from error


# Our VAT rates and taxation systems in this protocol's codes.
VAT_CODES = {"none": 1, "0": 2, "10": 3, "20": 4, "5": 7, "7": 8, "22": 11}
TAX_SYSTEM_CODES = {"osn": 1, "usn_income": 2, "usn_income_outcome": 3, "esn": 5, "patent": 6}


def checkout_receipt(receipt: FiscalReceipt) -> dict:
    """Each line a whole "service" paid in full: quantity 1, its amount the price."""
    customer = {"email": receipt.email} if receipt.email else {"phone": receipt.phone}
    return {"customer": customer, "tax_system_code": TAX_SYSTEM_CODES[receipt.taxation],
            "items": [{"description": line.name, "quantity": "1.00",
                       "amount": {"value": _roubles(line.kopecks), "currency": "RUB"},
                       "vat_code": VAT_CODES[receipt.vat], "payment_mode": "full_payment",
                       "payment_subject": "service"} for line in receipt.lines]}


def _roubles(kopecks: int) -> str:
    return f"{kopecks // 100}.{kopecks % 100:02d}"


def _status(payment: dict) -> BankStatus:
    """The bank's own answer, read strictly: anything unexpected is not acted on."""
    try:
        metadata, amount = payment["metadata"], payment["amount"]
        status = STATUSES[payment["status"]]
        value = Decimal(amount["value"])
        if amount["currency"] != "RUB" or value < 0 or value != value.quantize(Decimal("0.01")):
            raise ValueError(amount)
        return BankStatus(order_id=str(metadata["order_id"])[:36], payment_id=str(payment["id"]),
                          status=status, amount_kopecks=int(value * 100))
    except (KeyError, TypeError, ValueError, InvalidOperation) as error:
        raise GatewayUnavailable(f"unexpected payment from the bank: {payment}") from error
