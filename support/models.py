"""Notices (the outbox) and who asked for which, questions and answers, the FAQ and the
offices."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Building, PersonalAccount, User
from vodokanal.uploads import RandomFileName


class NoticeKind(models.TextChoices):
    """The notices a subscriber may ask for (DOMAIN: "Tariffs and notifications")."""

    TARIFF_CHANGE = "tariff_change", _("Tariff changes")
    READING_REMINDER = "reading_reminder", _("Meter reading reminders")
    VERIFICATION_DUE = "verification_due", _("Meter verification due")
    QUESTION_ANSWERED = "question_answered", _("Answers to my questions")
    PAYMENT_RECEIVED = "payment_received", _("Payments received")
    PAPERLESS_RECEIPT = "paperless_receipt", _("Monthly receipt by e-mail (paperless)")
    DOCUMENT_PUBLISHED = "document_published", _("New documents from the utility")
    DEBT_REMINDER = "debt_reminder", _("Debt reminders")
    OUTAGE = "outage", _("Water outages at my address")
    ANNOUNCEMENT = "announcement", _("Other important information")
    AUTOPAY = "autopay", _("Autopay: the amount the day before, a declined charge")


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    PUSH = "push", _("Push on my devices")
    # The cabinet's notices list: notices that answer the subscriber's own actions land
    # there whatever they chose, so a promise of "we will tell you" holds with e-mail off.
    CABINET = "cabinet", _("In the cabinet")


# The channels a subscriber chooses; the cabinet is not a choice.
CHOSEN_CHANNELS = (Channel.EMAIL, Channel.SMS, Channel.PUSH)


# A receipt is a PDF: it travels by e-mail only.
EMAIL_ONLY_NOTICES = frozenset({NoticeKind.PAPERLESS_RECEIPT})
# Which notices each kind of login can ask for.
NOTICES_FOR = {
    User.Kind.INDIVIDUAL: [kind for kind in NoticeKind if kind != NoticeKind.DOCUMENT_PUBLISHED],
    User.Kind.LEGAL_ENTITY: [NoticeKind.DOCUMENT_PUBLISHED, NoticeKind.TARIFF_CHANGE],
    User.Kind.MANAGEMENT_COMPANY: [NoticeKind.TARIFF_CHANGE, NoticeKind.READING_REMINDER],
    User.Kind.STAFF: [],
}
# What a new login starts with (the profile says so): an individual the essential notices by
# e-mail; a legal entity the documents, which are how the utility writes to it.
DEFAULT_NOTICES = {
    User.Kind.INDIVIDUAL: [(NoticeKind.QUESTION_ANSWERED, Channel.EMAIL),
                           (NoticeKind.PAYMENT_RECEIVED, Channel.EMAIL),
                           (NoticeKind.READING_REMINDER, Channel.EMAIL),
                           (NoticeKind.TARIFF_CHANGE, Channel.EMAIL),
                           # No water at home is what a resident most needs to hear of.
                           (NoticeKind.OUTAGE, Channel.EMAIL)],
    User.Kind.LEGAL_ENTITY: [(NoticeKind.DOCUMENT_PUBLISHED, Channel.EMAIL)],
}


class NotificationChoice(models.Model):
    """One (kind of notice, channel) a user asked for; no row means "do not send"."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_choices")
    kind = models.CharField(_("notice"), max_length=32, choices=NoticeKind.choices)
    channel = models.CharField(_("channel"), max_length=8,
                               choices=[(c.value, c.label) for c in CHOSEN_CHANNELS])

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"],
                                    name="notification_choice_once"),
            models.CheckConstraint(
                condition=~Q(kind=NoticeKind.PAPERLESS_RECEIPT, channel=Channel.SMS),
                name="notification_choice_receipt_by_email",
            ),
        ]
        # Fan-out asks "who wants this notice by this channel".
        indexes = [models.Index(fields=["kind", "channel"], name="notification_choice_fanout")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind}/{self.channel}"


class PushSubscription(models.Model):
    """A device (a browser) a login turned push on for: where its push service takes
    messages, and the keys they are encrypted with."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="push_subscriptions")
    endpoint = models.URLField(_("push service address"), max_length=1000, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)
    device = models.CharField(_("device"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("turned on"), auto_now_add=True)

    class Meta:
        verbose_name = _("push device")
        verbose_name_plural = _("push devices")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.device or self.endpoint[:60]

    def subscription_info(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Notice(models.Model):
    """A notice to one subscriber by one channel.

    `key` names the event and the recipient (`tariff:12:user:345:email`): a
    second attempt to queue the same notice finds the row and adds nothing,
    and the sender claims a row before sending it, so nobody hears twice.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    key = models.CharField(_("key"), max_length=128, unique=True)
    # The key without its channel: one event told by e-mail and SMS is one line of the list.
    event = models.CharField(_("event"), max_length=128, default="")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("subscriber"),
                             on_delete=models.CASCADE, related_name="notices")
    account = models.ForeignKey(PersonalAccount, verbose_name=_("personal account"), null=True,
                                blank=True, on_delete=models.SET_NULL, related_name="+",
                                help_text=_("Empty when the notice is for the whole login."))
    kind = models.CharField(_("notice"), max_length=32, choices=NoticeKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    payload = models.JSONField(_("data"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read in the cabinet"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notice_user_recent"),
                   models.Index(fields=["status", "created_at"], name="notice_status"),
                   models.Index(fields=["user"], condition=Q(read_at__isnull=True),
                                name="notice_unread")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="notice_sent_at_iff_sent"),
        ]

    def __str__(self) -> str:
        return self.key


class Question(models.Model):
    """A question a subscriber asks the utility, or a visitor without a login (a guest: a
    name and an e-mail, which the answer goes to); staff answer it in admin."""

    class Topic(models.TextChoices):
        CHARGES = "charges", _("Charges and payments")
        METERS = "meters", _("Meters and readings")
        SUPPLY = "supply", _("Water supply and sewerage")
        ACCOUNT = "account", _("Personal account and the portal")
        OTHER = "other", _("Other")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                             blank=True, on_delete=models.CASCADE, related_name="questions")
    guest_name = models.CharField(_("guest's name"), max_length=150, blank=True)
    guest_email = models.EmailField(_("guest's e-mail"), blank=True)
    guest_account_number = models.CharField(_("account number the guest gave"), max_length=10,
                                            blank=True)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices)
    text = models.TextField(_("question"), max_length=4000)
    attachment = models.FileField(_("attachment"), upload_to=RandomFileName("questions"),
                                  blank=True, max_length=255)
    attachment_name = models.CharField(_("attachment name"), max_length=255, blank=True)
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("answered by"),
                                    null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["user", "-asked_at"], name="question_user_recent"),
                   models.Index(fields=["answered_at"], name="question_unanswered")]
        constraints = [models.CheckConstraint(
            condition=Q(user__isnull=False, guest_email="")
            | Q(user__isnull=True) & ~Q(guest_email="") & ~Q(guest_name=""),
            name="question_by_a_login_or_a_named_guest")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def author(self) -> str:
        if self.user_id is None:
            return _("%(name)s <%(email)s> (guest)") % {"name": self.guest_name,
                                                        "email": self.guest_email}
        return str(self.user)


class FaqEntry(models.Model):
    """A question and answer for everyone: a draft staff check and edit (a resident's
    question comes with their details masked), shown on /faq/ once published."""

    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    topic = models.CharField(_("topic"), max_length=16, choices=Question.Topic.choices)
    source = models.OneToOneField(Question, verbose_name=_("asked as"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="faq_entry")
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True,
        help_text=_("Empty: a draft, seen by staff only. Publish it with the list's action once "
                    "nothing of the resident is left in it."))

    class Meta:
        verbose_name = _("FAQ entry")
        verbose_name_plural = _("FAQ")
        ordering = ["topic", "-published_at"]

    def __str__(self) -> str:
        return self.question[:60]


class Office(models.Model):
    """A customer office (отделение): where to come, when, and what is done there."""

    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=255)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    hours = models.CharField(_("opening hours"), max_length=255,
                             default="Пн–Пт 8:00–17:00, перерыв 12:00–13:00")
    phone = models.CharField(_("phone"), max_length=32)
    services = models.TextField(_("services"), blank=True)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Announcement(models.Model):
    """What staff publish for residents: an outage, planned or emergency, of a service for
    some buildings, streets or the whole city; or a city-wide announcement ("other important
    information"). Subscribers who asked hear of it once a version: `version` rises with
    each change after publishing, and each change sends one correction."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Planned outage")
        EMERGENCY = "emergency", _("Emergency outage")
        ANNOUNCEMENT = "announcement", _("Important information")

    class Service(models.TextChoices):
        COLD_WATER = "cold_water", _("Cold water supply")
        SEWERAGE = "sewerage", _("Sewerage")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    service = models.CharField(_("service"), max_length=16, choices=Service.choices, blank=True,
                               help_text=_("Which service is off; empty for an announcement."))
    title = models.CharField(_("title"), max_length=150)
    text = models.TextField(_("text"))
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    whole_city = models.BooleanField(_("the whole city"), default=False)
    streets = models.TextField(
        _("streets"), blank=True,
        help_text=_("One a line, as addresses write them (ул. Ленина); every building whose "
                    "address has the line is affected."))
    buildings = models.ManyToManyField(Building, verbose_name=_("buildings"), blank=True,
                                       related_name="announcements")
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)

    class Meta:
        verbose_name = _("outage or announcement")
        verbose_name_plural = _("outages and announcements")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="announcement_ends_after_it_starts",
                violation_error_message=_("It cannot end before it starts.")),
            models.CheckConstraint(
                condition=Q(kind="announcement", service="", whole_city=True)
                | (~Q(kind="announcement") & ~Q(service="")),
                name="announcement_city_wide_outage_of_a_service",
                violation_error_message=_("An outage names its service; an announcement is "
                                          "for the whole city and names none.")),
        ]
        indexes = [models.Index(fields=["ends_at"], name="announcement_current")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_outage(self) -> bool:
        return self.kind != self.Kind.ANNOUNCEMENT

    def street_lines(self) -> list[str]:
        return [line.strip() for line in self.streets.splitlines() if line.strip()]
