"""Tariffs, charges and payments as the billing system has them, and monthly balances."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import CustomerCategory, PersonalAccount

MONEY = {"max_digits": 12, "decimal_places": 2}
HALF_KOPECK = Decimal("0.005")
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


class Charge(models.Model):
    """What the billing system charged one account for one service in one month."""

    account = models.ForeignKey(PersonalAccount, on_delete=models.PROTECT, related_name="charges",
                                verbose_name=_("personal account"))
    period = models.DateField(_("period"), help_text=_("The first day of the month."))
    service = models.CharField(_("service"), max_length=16, choices=Service.choices)
    volume = models.DecimalField(_("volume, m³"), **VOLUME)
    tariff = models.DecimalField(_("tariff, roubles per m³"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("charged"), **MONEY)
    recalculation = models.DecimalField(_("recalculation"), default=0, **MONEY)
    external_id = models.CharField(_("external id"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["account", "-period", "service"]
        permissions = [("import_billing_files", _("Can import files from the billing system"))]
        constraints = [
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

    account = models.ForeignKey(PersonalAccount, on_delete=models.PROTECT,
                                related_name="payments", verbose_name=_("personal account"))
    paid_on = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), **MONEY)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    external_id = models.CharField(_("external id"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("payment received")
        verbose_name_plural = _("payments received")
        ordering = ["account", "-paid_on"]
        indexes = [models.Index(fields=["account", "paid_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.paid_on:%d.%m.%Y} {self.amount}"


_EXPECTED_CLOSING = F("opening") + F("charged") + F("recalculated") - F("paid")


class MonthlyBalance(models.Model):
    """An account's month: what it owed, was charged and paid. Positive closing = debt."""

    account = models.ForeignKey(PersonalAccount, on_delete=models.CASCADE,
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
            # Within half a kopeck: exact on PostgreSQL's numeric, and it survives
            # SQLite (make run), which stores decimals as floating point.
            models.CheckConstraint(
                condition=Q(closing__gt=_EXPECTED_CLOSING - HALF_KOPECK,
                            closing__lt=_EXPECTED_CLOSING + HALF_KOPECK),
                name="balance_closing_adds_up",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.period:%m.%Y}: {self.closing}"
