"""A Russian internet-acquiring API of the Init + notification kind (JSON over HTTPS).

Requests and notifications carry `Token`: the SHA-256 hex of the values of the
top-level fields plus the terminal password (as `Password`), sorted by key and
concatenated; nested objects and Token itself are left out. Notifications are
answered with the body `OK`.
"""

import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

from ..fiscal import FiscalReceipt
from .base import (
    SBP_QR_PREFIX,
    BankStatus,
    CardOnFile,
    Gateway,
    GatewayUnavailable,
    InvalidSignature,
    Started,
)

logger = logging.getLogger(__name__)


def acquiring_token(fields: dict, password: str) -> str:
    values = {key: value for key, value in fields.items()
              if key != "Token" and not isinstance(value, dict | list)}
    values["Password"] = password
    joined = "".join(_text(values[key]) for key in sorted(values))
    return hashlib.sha256(joined.encode()).hexdigest()


# Our VAT rates in this protocol's words.
VAT_CODES = {"none": "none", "0": "vat0", "5": "vat5", "7": "vat7", "10": "vat10",
             "20": "vat20", "22": "vat22"}


def acquiring_receipt(receipt: FiscalReceipt) -> dict:
    """FFD 1.2: each line a whole "service" paid in full, its price in kopecks, one of it."""
    contact = {"Email": receipt.email} if receipt.email else {"Phone": receipt.phone}
    return {"FfdVersion": "1.2", "Taxation": receipt.taxation, **contact, "Items": [
        {"Name": line.name, "Price": line.kopecks, "Quantity": 1, "Amount": line.kopecks,
         "Tax": VAT_CODES[receipt.vat], "PaymentMethod": "full_payment",
         "PaymentObject": "service", "MeasurementUnit": "шт"}
        for line in receipt.lines]}


def _text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


class AcquiringGateway(Gateway):
    name = "acquiring"
    takes_sbp = True
    binds_cards = True

    def __init__(self):
        self.base_url = settings.PAYMENT_GATEWAY_URL.rstrip("/")
        self.terminal_key = settings.PAYMENT_TERMINAL_KEY
        self.password = settings.PAYMENT_TERMINAL_PASSWORD
        self.site = settings.PAYMENT_BANK_SITE or urlsplit(self.base_url).netloc
        self.title = settings.PAYMENT_BANK_NAME

    def start(self, *, order_id, amount_kopecks, description, notification_url,
              return_url, receipt, customer_key="") -> Started:
        binding = {"Recurrent": "Y", "CustomerKey": customer_key} if customer_key else {}
        answer = self._call("Init", {
            "Amount": amount_kopecks, "OrderId": order_id, "Description": description[:250],
            "NotificationURL": notification_url, "SuccessURL": f"{return_url}?result=success",
            "FailURL": f"{return_url}?result=fail", "Receipt": acquiring_receipt(receipt),
            **binding})
        return Started(payment_id=str(answer["PaymentId"]), payment_url=answer["PaymentURL"])

    def parse_notification(self, data: dict) -> BankStatus:
        token = data.get("Token")
        if not isinstance(token, str) or data.get("TerminalKey") != self.terminal_key:
            raise InvalidSignature
        expected = acquiring_token(data, self.password)
        # As bytes: compare_digest refuses a str with characters outside ASCII (TypeError).
        if not hmac.compare_digest(token.encode(), expected.encode()):
            raise InvalidSignature
        return _status(data)

    def charge(self, *, order_id, payment_id, rebill_id) -> BankStatus:
        """Charge a bound card for a payment made by Init: the bank answers at once,
        CONFIRMED or REJECTED (a decline is an answer, not a failure)."""
        answer = self._call("Charge", {"PaymentId": payment_id, "RebillId": rebill_id},
                            declines=True)
        return _status({"OrderId": order_id, **answer})

    def card_remove(self, *, customer_key, card_id) -> None:
        self._call("RemoveCard", {"CustomerKey": customer_key, "CardId": card_id})

    def sbp_qr(self, *, payment_id) -> str:
        answer = self._call("GetQr", {"PaymentId": payment_id, "DataType": "PAYLOAD"})
        payload = answer.get("Data")
        if not isinstance(payload, str) or not payload.startswith(SBP_QR_PREFIX):
            raise GatewayUnavailable(f"GetQr answered no SBP link: {payload!r:.100}")
        return payload

    def fetch_status(self, *, order_id, payment_id) -> BankStatus:
        answer = self._call("GetState", {"PaymentId": payment_id})
        return _status({"OrderId": order_id, **answer})

    def _call(self, method: str, fields: dict, *, declines: bool = False) -> dict:
        body = {"TerminalKey": self.terminal_key, **fields}
        body["Token"] = acquiring_token(body, self.password)
        request = urllib.request.Request(  # noqa: S310 - the bank's URL, from settings
            f"{self.base_url}/{method}", data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"}, method="POST")
        try:
            with urllib.request.urlopen(  # noqa: S310
                    request, timeout=settings.PAYMENT_GATEWAY_TIMEOUT_SECONDS) as response:
                answer = json.loads(response.read())
        except (urllib.error.URLError, TimeoutError, ValueError) as error:
            logger.warning("Bank %s failed: %s", method, error)
            raise GatewayUnavailable(str(error)) from error
        if declines and answer.get("Status") == "REJECTED":
            return answer
        if not answer.get("Success"):
            logger.warning("Bank %s refused: %s %s", method, answer.get("ErrorCode"),
                           answer.get("Message"))
            raise GatewayUnavailable(f"{answer.get('ErrorCode')}: {answer.get('Message')}")
        return answer


def _status(data: dict) -> BankStatus:
    """Signed but malformed (a field missing, of another type, too long): not acted on."""
    texts = [data.get(name) for name in ("OrderId", "PaymentId", "Status")]
    amount = data.get("Amount")
    if not all(isinstance(text, str | int) and not isinstance(text, bool)
               and 0 < len(str(text)) <= 40 for text in texts):
        raise InvalidSignature
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 0:
        raise InvalidSignature
    order_id, payment_id, status = (str(text) for text in texts)
    return BankStatus(order_id=order_id, payment_id=payment_id, status=status,
                      amount_kopecks=amount, card=_card_on_file(data),
                      receipt_url=_receipt_url(data) if status == "RECEIPT" else "")


def _receipt_url(data: dict) -> str:
    """The fiscal receipt's page (a notification of Status RECEIPT); refused unless it is
    an http(s) address the portal may link to."""
    url = data.get("Url")
    if not isinstance(url, str) or len(url) > 500 or not url.startswith(("https://",
                                                                          "http://")):
        raise InvalidSignature
    return url


def _card_on_file(data: dict) -> CardOnFile | None:
    """The card a notification says the bank bound (RebillId), its number masked; a number
    that comes unmasked is masked here, so no full card number is ever kept."""
    fields = [data.get(name) for name in ("CardId", "RebillId", "Pan", "ExpDate")]
    if not data.get("RebillId") or not all(
            isinstance(value, str | int) and 0 < len(str(value)) <= 40 for value in fields):
        return None
    card_id, rebill_id, pan, expiry = (str(value) for value in fields)
    if "*" not in pan:
        pan = f"{pan[:6]}******{pan[-4:]}"
    if not (len(expiry) == 4 and expiry.isdigit()):
        return None
    return CardOnFile(card_id=card_id, rebill_id=rebill_id, pan=pan[:24], expiry=expiry)
