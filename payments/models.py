"""Card payments through a partner bank: orders, what the bank told us, and the history."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import PersonalAccount

MONEY = {"max_digits": 12, "decimal_places": 2}


class PaymentOrder(models.Model):
    """One payment attempt, made before the customer is sent to the bank's page."""

    class Status(models.TextChoices):
        NEW = "NEW", _("Created, waiting for the bank")
        AUTHORIZED = "AUTHORIZED", _("Authorised")
        CONFIRMED = "CONFIRMED", _("Paid")
        REJECTED = "REJECTED", _("Declined")
        REVERSED = "REVERSED", _("Cancelled")
        REFUNDED = "REFUNDED", _("Refunded")
        FAILED = "FAILED", _("Not started: the bank did not answer")

    class Method(models.TextChoices):
        CARD = "card", _("Card, on the bank's page")
        SBP = "sbp", _("SBP, by QR code in the payer's bank app")
        AUTOPAY = "autopay", _("Autopay, by a remembered card")

    order_id = models.CharField(_("order id"), max_length=36, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("payer"), null=True,
                             blank=True, on_delete=models.PROTECT, related_name="payment_orders")
    payer_email = models.EmailField(
        _("payer's e-mail"), blank=True,
        help_text=_("A payment without a login: where its receipts go."))
    amount = models.DecimalField(_("amount"), **MONEY)
    gateway = models.CharField(_("bank"), max_length=32)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices,
                              default=Method.CARD)
    sbp_payload = models.URLField(
        _("SBP QR code"), max_length=500, blank=True,
        help_text=_("The link the QR code holds (qr.nspk.ru): it opens the payer's bank app."))
    bank_payment_id = models.CharField(_("bank's payment id"), max_length=64, blank=True)
    payment_url = models.URLField(_("payment page"), max_length=500, blank=True)
    remember_card = models.BooleanField(
        _("card to be remembered"), default=False,
        help_text=_("The payer asked to keep the card for autopay: the bank binds it."))
    fiscal_receipt = models.JSONField(
        _("fiscal receipt"), default=dict, blank=True,
        help_text=_("As sent to the bank for its cash register (54-ФЗ)."))
    fiscal_receipt_url = models.URLField(
        _("fiscal receipt as registered"), max_length=500, blank=True, default="",
        db_default="", help_text=_("Where the bank's register shows the receipt it printed."))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.NEW)
    flagged = models.CharField(
        _("needs staff"), max_length=255, blank=True,
        help_text=_("Why staff must look at it, e.g. the bank reported another amount."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    credited_at = models.DateTimeField(_("credited at"), null=True, blank=True)
    refund_marked_at = models.DateTimeField(_("refund marked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("payment order")
        verbose_name_plural = _("payment orders")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="order_status")]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_amount_positive"),
            models.CheckConstraint(condition=Q(user__isnull=False) | ~Q(payer_email=""),
                                   name="order_has_a_payer"),
            models.CheckConstraint(condition=Q(credited_at__isnull=True) | Q(status__in=[
                "CONFIRMED", "REVERSED", "REFUNDED"]), name="order_credited_only_when_paid"),
        ]

    def __str__(self) -> str:
        return self.order_id


class PaymentOrderLine(models.Model):
    """How much of the order goes to which personal account."""

    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(PersonalAccount, verbose_name=_("personal account"),
                                on_delete=models.PROTECT, related_name="+")
    amount = models.DecimalField(_("amount"), **MONEY)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.UniqueConstraint(fields=["order", "account"], name="order_line_once"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="order_line_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.account_id} {self.amount}"


class BankNotification(models.Model):
    """A notification as the bank sent it, kept whether or not it was accepted.

    `key` (payment, status, amount) is unique: the same notice twice is stored once,
    which is what makes a repeated or concurrent notification harmless.
    """

    key = models.CharField(_("key"), max_length=128, unique=True, null=True, blank=True)
    order = models.ForeignKey(PaymentOrder, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="notifications")
    payload = models.JSONField(_("as received"))
    signature_valid = models.BooleanField(_("signature valid"))
    outcome = models.CharField(_("what it did"), max_length=64, blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        verbose_name = _("bank notification")
        verbose_name_plural = _("bank notifications")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return self.key or f"rejected #{self.pk}"


class PaymentOrderEvent(models.Model):
    order = models.ForeignKey(PaymentOrder, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=PaymentOrder.Status.choices)
    source = models.CharField(_("source"), max_length=32)
    note = models.CharField(_("note"), max_length=255, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.status}"


class BoundCard(models.Model):
    """A card the bank bound on a payment its payer marked "remember this card": only what
    the bank tells of it (the masked number, the expiry) and its ids at the bank, never
    the card's number."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="bound_cards")
    gateway = models.CharField(_("bank"), max_length=32)
    customer_key = models.CharField(max_length=36)
    card_id = models.CharField(max_length=40)
    rebill_id = models.CharField(max_length=40, unique=True)
    pan = models.CharField(_("card"), max_length=24, help_text=_("As the bank masks it."))
    expiry = models.CharField(_("valid until (MMYY)"), max_length=4)
    bound_on = models.ForeignKey(PaymentOrder, verbose_name=_("bound on the payment"),
                                 null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("bound at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bound card")
        verbose_name_plural = _("bound cards")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(pan__contains="*"),
                                              name="bound_card_number_masked")]

    def __str__(self) -> str:
        return self.pan

    @property
    def expiry_text(self) -> str:
        return f"{self.expiry[:2]}/{self.expiry[2:]}"


class AutopayRule(models.Model):
    """An account's autopay: the day after the month's charges are loaded, its debt up to
    `cap` is charged to `card`, with a notice the day before."""

    account = models.OneToOneField(PersonalAccount, verbose_name=_("personal account"),
                                   on_delete=models.CASCADE, related_name="autopay_rule")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="autopay_rules")
    card = models.ForeignKey(BoundCard, verbose_name=_("card"), on_delete=models.PROTECT,
                             related_name="autopay_rules")
    cap = models.DecimalField(_("at most"), **MONEY)
    active = models.BooleanField(_("on"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("autopay rule")
        verbose_name_plural = _("autopay rules")
        constraints = [models.CheckConstraint(condition=Q(cap__gt=0), name="autopay_cap_positive")]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.cap}"


class AutopayRun(models.Model):
    """One month's autopay of one account: planned with a notice, then charged once."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        SKIPPED = "skipped", _("Skipped")
        CHARGING = "charging", _("Being charged")
        CHARGED = "charged", _("Charged to the card")
        FAILED = "failed", _("Declined by the bank; tried once more")
        GAVE_UP = "gave_up", _("Declined by the bank twice")
        NOTHING = "nothing", _("Nothing was owed")

    rule = models.ForeignKey(AutopayRule, on_delete=models.CASCADE, related_name="runs")
    account = models.ForeignKey(PersonalAccount, verbose_name=_("personal account"),
                                on_delete=models.CASCADE, related_name="+")
    period = models.DateField(_("charges of"))
    amount = models.DecimalField(_("amount"), **MONEY)
    charge_on = models.DateField(_("charge on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PLANNED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    order = models.ForeignKey(PaymentOrder, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(_("planned at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("autopay run")
        verbose_name_plural = _("autopay runs")
        ordering = ["-period", "-id"]
        constraints = [models.UniqueConstraint(fields=["account", "period"],
                                               name="autopay_once_a_month")]

    def __str__(self) -> str:
        return f"{self.account_id} {self.period:%Y-%m}: {self.status}"


class TestBankPayment(models.Model):
    """The built-in test bank's own record of a payment (it plays the bank, not the portal)."""

    __test__ = False  # a name pytest would otherwise try to collect

    class Protocol(models.TextChoices):
        ACQUIRING = "acquiring", "Init + signed notifications"
        CHECKOUT = "checkout", "REST + Idempotence-Key + unsigned webhooks"

    protocol = models.CharField(max_length=16, choices=Protocol.choices,
                                default=Protocol.ACQUIRING)
    payment_id = models.CharField(max_length=36, unique=True)
    order_id = models.CharField(max_length=36)
    amount_kopecks = models.PositiveBigIntegerField()
    description = models.CharField(max_length=255)
    notification_url = models.URLField(max_length=500)
    success_url = models.URLField(max_length=500)
    fail_url = models.URLField(max_length=500)
    status = models.CharField(max_length=16, default="NEW")
    created_at = models.DateTimeField(auto_now_add=True)
    # The checkout protocol's Idempotence-Key: the same key and body get the same payment.
    idempotence_key = models.CharField(max_length=64, blank=True)
    sbp = models.BooleanField(default=False)  # shown as an SBP QR code (GetQr)
    customer_key = models.CharField(max_length=36, blank=True)  # Recurrent: bind the card
    rebill_id = models.CharField(max_length=40, blank=True)  # of the card it bound or charged
    recurrent_charge = models.BooleanField(default=False)  # paid by Charge, not a card page
    receipt = models.JSONField(null=True, blank=True)  # what its register was asked to print
    request_digest = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("test bank payment")
        verbose_name_plural = _("test bank payments")
        constraints = [models.UniqueConstraint(
            fields=["idempotence_key"], condition=~Q(idempotence_key=""),
            name="test_bank_idempotence_key_once")]

    def __str__(self) -> str:
        return self.payment_id

    @property
    def amount(self) -> Decimal:
        """Kopecks are the protocol's; the payer reads roubles."""
        return Decimal(self.amount_kopecks) / 100


class TestBankCard(models.Model):
    """The test bank's record of a card it bound (GetCardList, RemoveCard, Charge)."""

    __test__ = False

    customer_key = models.CharField(max_length=36)
    card_id = models.CharField(max_length=40, unique=True)
    rebill_id = models.CharField(max_length=40, unique=True)
    pan = models.CharField(max_length=24)
    expiry = models.CharField(max_length=4)
    status = models.CharField(max_length=1, default="A")  # A active, D removed
    # A card that binds but whose later charges are declined (no funds), or answered
    # after the merchant stopped waiting: the test bank's scripted outcomes of Charge.
    behaviour = models.CharField(max_length=16, default="pays")

    def __str__(self) -> str:
        return self.pan
