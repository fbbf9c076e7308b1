"""The register imported from the billing system, and the people who log in."""

import hashlib

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from phonenumber_field.modelfields import PhoneNumberField

from .numbers import ACCOUNT_NUMBER_PATTERN


class CustomerCategory(models.TextChoices):
    """Tariffs are set per category of consumer."""

    APARTMENT = "apartment", _("Apartment building")
    PRIVATE_HOUSE = "private_house", _("Private sector")
    BUSINESS = "business", _("Organisation")


class Organisation(models.Model):
    """A legal entity or a management company; logs in with an access code."""

    class Kind(models.TextChoices):
        LEGAL_ENTITY = "legal_entity", _("Legal entity")
        MANAGEMENT_COMPANY = "management_company", _("Management company")

    external_id = models.CharField(_("external id"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=255)
    inn = models.CharField(_("INN"), max_length=12)
    kpp = models.CharField(_("KPP"), max_length=9, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    access_code = models.CharField(
        _("access code"), max_length=32, unique=True, null=True, blank=True,
        help_text=_("Issued by the contracts office; the organisation logs in with it."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(inn__regex=r"^([0-9]{10}|[0-9]{12})$"), name="organisation_inn_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    external_id = models.CharField(_("external id"), max_length=64, unique=True)
    address = models.CharField(_("address"), max_length=255)
    management_company = models.ForeignKey(
        Organisation, verbose_name=_("management company"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="managed_buildings",
        limit_choices_to={"kind": Organisation.Kind.MANAGEMENT_COMPANY},
    )
    has_communal_meter = models.BooleanField(
        _("communal meter collected by the management company"), default=False,
        help_text=_("Residents then hand in readings to their management company, not here."),
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True,
                                   blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True,
                                    blank=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["address"]

    def __str__(self) -> str:
        return self.address


class User(AbstractUser):
    """A login: a resident (one or more personal accounts), an organisation or staff."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individual")
        LEGAL_ENTITY = "legal_entity", _("Legal entity")
        MANAGEMENT_COMPANY = "management_company", _("Management company")
        STAFF = "staff", _("Staff")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices,
                            default=Kind.INDIVIDUAL)
    phone = PhoneNumberField(_("mobile phone"), blank=True)
    organisation = models.OneToOneField(
        Organisation, verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="user",
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["legal_entity", "management_company"], organisation__isnull=False)
                    | (~Q(kind__in=["legal_entity", "management_company"])
                       & Q(organisation__isnull=True))
                ),
                name="user_organisation_matches_kind",
            ),
        ]


class PersonalAccount(models.Model):
    """A personal account (лицевой счёт) of an individual, as the billing system has it."""

    external_id = models.CharField(_("external id"), max_length=64, unique=True)
    number = models.CharField(_("account number"), max_length=10, unique=True)
    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.PROTECT,
                                 related_name="personal_accounts")
    flat = models.CharField(_("flat"), max_length=16, blank=True)
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)
    category = models.CharField(_("category"), max_length=32, choices=CustomerCategory.choices,
                                default=CustomerCategory.APARTMENT)
    residents = models.PositiveSmallIntegerField(_("registered residents"), default=1)
    user = models.ForeignKey(
        User, verbose_name=_("registered by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="personal_accounts",
    )
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    # The cabinet caches the heavier parts of its pages under this number (and the
    # CabinetGeneration), and every change to what they show (money, readings) raises
    # it: a new number, a fresh page. See accounts.cabinet.personal_accounts_changed.
    cabinet_version = models.PositiveBigIntegerField(db_default=0, editable=False)

    class Meta:
        verbose_name = _("personal account")
        verbose_name_plural = _("personal accounts")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__regex=ACCOUNT_NUMBER_PATTERN),
                                   name="personal_account_number_format"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def cabinet_key(self) -> str:
        """What the cached parts of this account's cabinet are keyed on. The generation is
        read with the account by accounts.selectors.personal_accounts_for_user."""
        return f"{self.pk}.{self.cabinet_version}.{getattr(self, 'cabinet_generation', '-')}"

    @property
    def holder_name(self) -> str:
        return " ".join(filter(None, [self.last_name, self.first_name, self.middle_name]))

    @property
    def address(self) -> str:
        if not self.flat:
            return self.building.address
        flat_label = pgettext("address", "apt.")
        return f"{self.building.address}, {flat_label} {self.flat}"


class CabinetGeneration(models.Model):
    """One row, a number every cached part of every cabinet is keyed on, beside each
    account's own cabinet_version: a change to many accounts at once (a month's import)
    raises it once instead of raising a hundred thousand versions."""

    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(id=1),
                                              name="cabinet_generation_single_row")]

    def __str__(self) -> str:
        return str(self.value)


class AccessTokenQuerySet(models.QuerySet):
    def live(self) -> "AccessTokenQuerySet":
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class AccessToken(models.Model):
    """A personal access token for the API (a resident's script, a pulse counter, an app):
    shown once when made; only its hash is kept, and its first characters to tell it by."""

    class Scope(models.TextChoices):
        READ = "read", _("Read accounts, charges, meters and notices")
        READINGS = "readings", _("Submit meter readings")
        PAYMENTS = "payments", _("Create payment links")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="access_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("begins with"), max_length=12)
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField(_("scopes"), default=list)
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = AccessTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(expires_at__gt=models.F("created_at")),
                                              name="access_token_expires_after_made")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def scope_labels(self) -> list[str]:
        return [str(self.Scope(scope).label) for scope in self.scopes]

    @staticmethod
    def digest_of(plain: str) -> str:
        """SHA-256 is enough: the token is 256 random bits, not a password to guess."""
        return hashlib.sha256(plain.encode()).hexdigest()
