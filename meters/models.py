"""Water meters, their readings, and the rules staff set for taking readings."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Building, PersonalAccount
from vodokanal.reference_data import kept

READING = {"max_digits": 12, "decimal_places": 3}


class ReadingRules(models.Model):
    """The one row of settings staff change in admin: the window and what counts as high."""

    opens_on_day = models.PositiveSmallIntegerField(
        _("window opens on day"), default=15, validators=[MinValueValidator(1),
                                                          MaxValueValidator(28)])
    closes_on_day = models.PositiveSmallIntegerField(
        _("window closes on day"), default=25, validators=[MinValueValidator(1),
                                                           MaxValueValidator(28)],
        help_text=_("Readings are taken from the opening day to this day, both included."))
    late_readings_accepted = models.BooleanField(
        _("take readings outside the window"), default=True,
        help_text=_("Readings sent after the window closes count in the next month, as the "
                    "utility's app takes them."))
    high_consumption = models.DecimalField(
        _("high consumption, m³ a month"), max_digits=8, decimal_places=3, default=30,
        help_text=_("A reading of a flat's meter implying more needs the subscriber's "
                    "confirmation and is flagged for staff."))
    communal_high_factor = models.DecimalField(
        _("high consumption of a communal meter, times its usual month"), max_digits=4,
        decimal_places=2, default=2, validators=[MinValueValidator(1)],
        help_text=_("A building uses far more than a flat: its communal meter is measured "
                    "against the average of its own last 12 months, times this."))
    # What no meter can show, refused outright (no confirmation takes it): a slipped comma
    # or a digit too many, which a tick on the form would otherwise let through.
    flat_meter_ceiling = models.DecimalField(
        _("most a flat's meter can pass, m³ a month"), max_digits=8, decimal_places=3,
        default=1000, db_default=1000, validators=[MinValueValidator(1)],
        help_text=_("A flat's meter (DN15) passes about 1,100 m³ a month at full flow day and "
                    "night. A reading implying more a month since the previous one is refused, "
                    "and the resident is offered to write to the utility."))
    communal_ceiling_factor = models.DecimalField(
        _("most a communal meter can show, times its usual month"), max_digits=5,
        decimal_places=2, default=10, db_default=10, validators=[MinValueValidator(1)],
        help_text=_("A communal meter's reading implying more than this many of its usual "
                    "months (the average of its last 12) is refused."))

    class Meta:
        verbose_name = _("reading rules")
        verbose_name_plural = _("reading rules")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="reading_rules_single_row"),
            models.CheckConstraint(condition=Q(opens_on_day__lte=models.F("closes_on_day")),
                                   name="reading_window_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.opens_on_day}–{self.closes_on_day}"

    @classmethod
    def current(cls) -> "ReadingRules":
        """The one row of rules, made with its defaults if staff have not saved it yet;
        kept in memory (vodokanal.reference_data), which for a reading window counted in
        days is soon enough after a change."""
        return kept(cls, lambda: cls.objects.get_or_create(pk=1)[0])


class Meter(models.Model):
    """A flat's meter (cold or hot water), or a building's communal meter."""

    class Water(models.TextChoices):
        COLD = "cold", _("Cold water")
        HOT = "hot", _("Hot water")

    external_id = models.CharField(_("external id"), max_length=64, unique=True)
    account = models.ForeignKey(PersonalAccount, verbose_name=_("personal account"), null=True,
                                blank=True, on_delete=models.PROTECT, related_name="meters")
    building = models.ForeignKey(
        Building, verbose_name=_("building (communal meter)"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="communal_meters")
    water = models.CharField(_("water"), max_length=8, choices=Water.choices)
    serial = models.CharField(_("serial number"), max_length=32)
    place = models.CharField(_("place"), max_length=100, blank=True)
    installed_on = models.DateField(_("installed on"))
    verification_due = models.DateField(_("next verification"))
    initial_reading = models.DecimalField(
        _("initial reading"), default=0, **READING,
        help_text=_("What the meter showed when installed; the first reading is counted "
                    "from it."))
    removed_on = models.DateField(_("removed on"), null=True, blank=True,
                                  help_text=_("Set when the meter is replaced."))

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["water", "serial"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(account__isnull=False, building__isnull=True)
                           | Q(account__isnull=True, building__isnull=False)),
                name="meter_of_an_account_or_a_building"),
            models.CheckConstraint(condition=Q(initial_reading__gte=0),
                                   name="meter_initial_reading_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.get_water_display()} № {self.serial}"


class Reading(models.Model):
    """A meter's reading for a month; corrected in place while the window is open."""

    class Source(models.TextChoices):
        PORTAL = "portal", _("Subscriber, in the portal")
        MANAGEMENT_COMPANY = "management_company", _("Management company")
        STAFF = "staff", _("Staff")

    meter = models.ForeignKey(Meter, verbose_name=_("meter"), on_delete=models.PROTECT,
                              related_name="readings")
    period = models.DateField(_("period"))
    value = models.DecimalField(_("reading, m³"), **READING)
    consumption = models.DecimalField(_("consumption, m³"), **READING)
    high_consumption = models.BooleanField(
        _("high consumption"), default=False,
        help_text=_("Above the threshold; the subscriber confirmed it. Staff review it."))
    reviewed = models.BooleanField(_("reviewed by staff"), default=False)
    source = models.CharField(_("source"), max_length=24, choices=Source.choices,
                              default=Source.PORTAL)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("submitted by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now=True)

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        ordering = ["meter", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["meter", "period"], name="reading_once_a_month"),
            models.CheckConstraint(condition=Q(period__day=1), name="reading_period_first_day"),
            models.CheckConstraint(condition=Q(consumption__gte=0),
                                   name="reading_never_goes_back"),
        ]
        indexes = [models.Index(fields=["period", "high_consumption"],
                                name="reading_review")]

    def __str__(self) -> str:
        return f"{self.meter} {self.period:%m.%Y}: {self.value}"
