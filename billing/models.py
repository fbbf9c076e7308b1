"""Tariffs, charges and payments as the billing system has them, and monthly balances."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import CustomerCategory, PersonalAccount
from vodokanal.uploads import RandomFileName

MONEY = {"max_digits": 12, "decimal_places": 2}
VOLUME = {"max_digits": 12, "decimal_places": 3}


class Service(models.TextChoices):
    COLD_WATER = "cold_water", _("Cold water supply")
    SEWERAGE = "sewerage", _("Sewerage")


class Tariff(models.Model):
    """Price of one m³ of a service for a category of consumer, from a date on."""

    service = models.CharField(_("service"), max_length=16, choices=Service.choices)
    category = models.CharField(_("category"), max_length=32, choices=CustomerCategory.choices)
    valid_from = models.DateField(_("valid from"))
    price = models.DecimalField(_("price per m³, roubles"), max_digits=10, decimal_places=2)
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, editable=False,
        help_text=_("When subscribers were told; a tariff is announced once."))

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["service", "category", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["service", "category", "valid_from"],
                                    name="tariff_unique_per_day"),
            models.CheckConstraint(condition=Q(price__gt=0), name="tariff_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()}, {self.get_category_display()}: {self.price}"


class MonthlyCharge(models.Model):
    """One service in one month, as the billing system charged it (an account's or a contract's)."""

    period = models.DateField(_("period"), help_text=_("The first day of the month."))
    service = models.CharField(_("service"), max_length=16, choices=Service.choices)
    volume = models.DecimalField(_("volume, m³"), **VOLUME)
    tariff = models.DecimalField(_("tariff, roubles per m³"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("charged"), **MONEY)
    recalculation = models.DecimalField(_("recalculation"), default=0, **MONEY)
    # Unique by a constraint of each model rather than unique=True, which on PostgreSQL
    # adds a second (LIKE) index that every imported row would pay for and no query uses.
    external_id = models.CharField(_("external id"), max_length=64)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.period:%m.%Y} {self.get_service_display()}"

    @property
    def total(self) -> Decimal:
        """What the month's service comes to: charged plus its recalculation."""
        return self.amount + self.recalculation


class Charge(MonthlyCharge):
    # Looked up by the unique (account, period, service) index, which starts with it.
    account = models.ForeignKey(PersonalAccount, on_delete=models.PROTECT, related_name="charges",
                                verbose_name=_("personal account"), db_index=False)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["account", "-period", "service"]
        permissions = [("import_billing_files", _("Can import files from the billing system"))]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="charge_external_id_unique"),
            models.UniqueConstraint(fields=["account", "period", "service"],
                                    name="charge_unique_per_month_and_service"),
            models.CheckConstraint(condition=Q(period__day=1), name="charge_period_first_day"),
            models.CheckConstraint(condition=Q(volume__gte=0), name="charge_volume_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.period:%m.%Y} {self.get_service_display()}"


class PaymentReceived(models.Model):
    """Money the utility received for an account, through any channel."""

    class Channel(models.TextChoices):
        BANK = "bank", _("Bank")
        OFFICE = "office", _("Office")
        PORTAL = "portal", _("Portal")

    # Looked up by the (account, paid_on) index, which starts with it.
    account = models.ForeignKey(PersonalAccount, on_delete=models.PROTECT, db_index=False,
                                related_name="payments", verbose_name=_("personal account"))
    paid_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    external_id = models.CharField(_("external id"), max_length=64)  # unique: see Meta
    receipt_url = models.URLField(
        _("fiscal receipt"), max_length=500, blank=True, default="", db_default="",
        help_text=_("A payment through the portal: the bank's register's receipt."))

    class Meta:
        verbose_name = _("payment received")
        verbose_name_plural = _("payments received")
        ordering = ["account", "-paid_on"]
        indexes = [models.Index(fields=["account", "paid_on"])]
        constraints = [
            models.UniqueConstraint(fields=["external_id"], name="payment_external_id_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.paid_on:%d.%m.%Y} {self.amount}"


_EXPECTED_CLOSING = F("opening") + F("charged") + F("recalculated") - F("paid")


class MonthlyBalance(models.Model):
    """An account's month: what it owed, was charged and paid. Positive closing = debt."""

    # Looked up by the unique (account, period) index, which starts with it.
    account = models.ForeignKey(PersonalAccount, on_delete=models.CASCADE, db_index=False,
                                related_name="balances", verbose_name=_("personal account"))
    period = models.DateField(_("period"))
    opening = models.DecimalField(_("opening balance"), **MONEY)
    charged = models.DecimalField(_("charged"), **MONEY)
    recalculated = models.DecimalField(_("recalculations"), **MONEY)
    paid = models.DecimalField(_("paid"), **MONEY)
    closing = models.DecimalField(_("closing balance"), **MONEY)

    class Meta:
        verbose_name = _("monthly balance")
        verbose_name_plural = _("monthly balances")
        ordering = ["account", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["account", "period"],
                                    name="balance_unique_per_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="balance_period_first_day"),
            models.CheckConstraint(condition=Q(closing=_EXPECTED_CLOSING),
                                   name="balance_closing_adds_up"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.period:%m.%Y}: {self.closing}"


# Legal entities ---------------------------------------------------------------------------

class Contract(models.Model):
    """A legal entity's contract (договор) for water and sewerage."""

    external_id = models.CharField(_("external id"), max_length=64, unique=True)
    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="contracts", limit_choices_to={"kind": "legal_entity"})
    number = models.CharField(_("contract number"), max_length=32, unique=True)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["organisation", "number"]

    def __str__(self) -> str:
        return self.number


class ServicePoint(models.Model):
    """An address the contract supplies (объект): a building, a workshop, a shop."""

    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.CASCADE,
                                 related_name="service_points")
    address = models.CharField(_("address"), max_length=255)
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["contract", "address"]

    def __str__(self) -> str:
        return self.address


class ContractCharge(MonthlyCharge):
    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.PROTECT,
                                 related_name="charges")

    class Meta:
        verbose_name = _("contract charge")
        verbose_name_plural = _("contract charges")
        ordering = ["contract", "-period", "service"]
        constraints = [
            models.UniqueConstraint(fields=["external_id"],
                                    name="contract_charge_external_id_unique"),
            models.UniqueConstraint(fields=["contract", "period", "service"],
                                    name="contract_charge_unique_per_month_and_service"),
            models.CheckConstraint(condition=Q(period__day=1),
                                   name="contract_charge_period_first_day"),
            models.CheckConstraint(condition=Q(volume__gte=0),
                                   name="contract_charge_volume_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} {self.period:%m.%Y} {self.get_service_display()}"


class ContractPayment(models.Model):
    contract = models.ForeignKey(Contract, verbose_name=_("contract"), on_delete=models.PROTECT,
                                 related_name="payments")
    paid_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    external_id = models.CharField(_("external id"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("contract payment")
        verbose_name_plural = _("contract payments")
        ordering = ["contract", "-paid_on"]
        indexes = [models.Index(fields=["contract", "paid_on"])]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0),
                                              name="contract_payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.contract} {self.paid_on:%d.%m.%Y} {self.amount}"


class Document(models.Model):
    """A document staff publish to an organisation: an invoice, an act, a reconciliation…"""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        ACT = "act", _("Act")
        RECONCILIATION = "reconciliation", _("Reconciliation statement")
        CONTRACT = "contract", _("Contract")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        SIGNED = "signed", _("Signed")
        REJECTED = "rejected", _("Rejected")

    organisation = models.ForeignKey(
        "accounts.Organisation", verbose_name=_("organisation"), on_delete=models.PROTECT,
        related_name="documents")
    contract = models.ForeignKey(Contract, verbose_name=_("contract"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=255)
    dated = models.DateField(_("date"))
    file = models.FileField(_("file (PDF)"), upload_to=RandomFileName("documents"), max_length=255)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.NEW, editable=False)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-published_at"],
                                name="document_organisation_recent")]

    def __str__(self) -> str:
        return self.title


class DocumentEvent(models.Model):
    """The history of a document: published, read, answered, signed or rejected."""

    class Action(models.TextChoices):
        PUBLISHED = "published", _("Published")
        READ = "read", _("Downloaded by the organisation")
        SIGNED = "signed", _("Signed copy uploaded")
        LETTER = "letter", _("Letter uploaded")
        REJECTED = "rejected", _("Rejected")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    status = models.CharField(_("status"), max_length=16, choices=Document.Status.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey("accounts.User", verbose_name=_("by"), null=True,
                              on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("document event")
        verbose_name_plural = _("document history")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.action}"


class DocumentReply(models.Model):
    """What the organisation uploads back: the signed document, or a letter."""

    class Kind(models.TextChoices):
        SIGNED = "signed", _("Signed document")
        LETTER = "letter", _("Letter")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="replies")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=RandomFileName("documents"), max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey("accounts.User", verbose_name=_("uploaded by"), null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
