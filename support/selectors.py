"""Read side of support: a subscriber's own questions and notices, the FAQ, the nearest office,
the outages and announcements of an address."""

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Building
from billing.models import Document, Tariff
from meters.models import Meter
from payments.models import AutopayRun, PaymentOrder

from .models import (
    Announcement,
    FaqEntry,
    Notice,
    NoticeKind,
    NotificationChoice,
    Office,
    Question,
)

EARTH_RADIUS_KM = 6371.0


def questions_for_user(*, user) -> QuerySet[Question]:
    return Question.objects.filter(user=user).order_by("-asked_at", "-id")


def question_get_for_user(*, user, pk: int) -> Question:
    """The author's own question; staff with the permission to view questions may open any.
    Anybody else: 404."""
    staff = user.is_staff and user.has_perm("support.view_question")
    questions = Question.objects.all() if staff else questions_for_user(user=user)
    question = questions.filter(pk=pk).first()
    if question is None:
        raise Http404
    return question


ANSWERS_SHOWN_DAYS = 30  # how long the Information tab shows that a question was answered


def answers_recent(*, user) -> list[Question]:
    """The author's questions answered in the last days, newest first."""
    since = timezone.now() - timedelta(days=ANSWERS_SHOWN_DAYS)
    return list(questions_for_user(user=user).filter(answered_at__gte=since)
                .order_by("-answered_at")[:5])


def faq_search(*, query: str = "") -> QuerySet[FaqEntry]:
    """Published entries only (a draft is staff's); asked for a word, those that have it in
    any of its forms (PostgreSQL's Russian stemming: «поверка» finds «на поверку»), the
    best first."""
    entries = FaqEntry.objects.filter(published_at__isnull=False)
    words = " ".join(query.split()[:8])
    if not words:
        return entries.order_by("topic", "-published_at")
    searched = SearchQuery(words, config="russian")
    return (entries.annotate(found=SearchVector("question", "answer", config="russian"))
            .filter(found=searched)
            .annotate(rank=SearchRank(F("found"), searched)).order_by("-rank", "topic"))


def notification_choices_for_user(*, user) -> set[tuple[str, str]]:
    return set(NotificationChoice.objects.filter(user=user).values_list("kind", "channel"))


def notices_for_user(*, user) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).order_by("-created_at", "-id")


@dataclass
class NoticeLine:
    """One thing the login was told: by each channel it went by, about which account (None:
    the whole login), whether it is new to the list, and what it was about (`about`: the
    payment, the question, the outage… that the list line words; None when it is gone)."""

    first: Notice
    notices: list[Notice] = field(default_factory=list)
    about: object = None

    @property
    def payload(self) -> dict:
        return self.first.payload

    @property
    def closes(self) -> date | None:
        """A reminder's closing day of the window."""
        text = self.payload.get("closes")
        return date.fromisoformat(text) if isinstance(text, str) else None

    @property
    def unread(self) -> bool:
        return any(notice.read_at is None for notice in self.notices)

    @property
    def channels(self) -> str:
        return ", ".join(str(notice.get_channel_display()) for notice in self.notices)

    @property
    def statuses(self) -> str:
        return ", ".join(dict.fromkeys(str(n.get_status_display()) for n in self.notices))


def notice_lines_for_user(*, user, account_number: str = "", limit: int = 100
                          ) -> list[NoticeLine]:
    """The newest notices first, those of one event on one line; with `account_number`, only
    those about that account or about the whole login."""
    notices = notices_for_user(user=user).select_related("account")
    if account_number:
        notices = notices.filter(Q(account__number=account_number) | Q(account__isnull=True))
    lines: dict[str, NoticeLine] = {}
    for notice in notices[:limit * 3]:
        line = lines.setdefault(notice.event or notice.key, NoticeLine(notice))
        line.notices.append(notice)
    shown = list(lines.values())[:limit]
    _abouts_attach(shown)
    return shown


# What each kind of notice is about, by the payload's key: read for all the lines at once,
# a query a kind, however long the list.
_ABOUT = {NoticeKind.QUESTION_ANSWERED: ("question", Question),
          NoticeKind.PAYMENT_RECEIVED: ("order", PaymentOrder),
          NoticeKind.VERIFICATION_DUE: ("meter", Meter),
          NoticeKind.DOCUMENT_PUBLISHED: ("document", Document),
          NoticeKind.TARIFF_CHANGE: ("tariff", Tariff),
          NoticeKind.OUTAGE: ("announcement", Announcement),
          NoticeKind.ANNOUNCEMENT: ("announcement", Announcement),
          NoticeKind.AUTOPAY: ("run", AutopayRun)}


def _abouts_attach(lines: list[NoticeLine]) -> None:
    wanted: dict[type, set[int]] = {}
    for line in lines:
        key, model = _ABOUT.get(line.first.kind, (None, None))
        if key and isinstance(line.payload.get(key), int):
            wanted.setdefault(model, set()).add(line.payload[key])
    found = {model: model.objects.in_bulk(ids) for model, ids in wanted.items()}
    for line in lines:
        key, model = _ABOUT.get(line.first.kind, (None, None))
        if key:
            line.about = found.get(model, {}).get(line.payload.get(key))


def unread_notices_count(*, user) -> int:
    """The events not yet seen in the cabinet's list (the header shows the number)."""
    return (Notice.objects.filter(user=user, read_at__isnull=True).values("event").distinct()
            .count())


def nearest_office(*, latitude, longitude) -> tuple[Office, float] | None:
    """The office closest to a point, and how far it is in km (great-circle distance)."""
    if latitude is None or longitude is None:
        return None
    return next(iter(offices_by_distance(latitude=latitude, longitude=longitude)), None)


def offices_by_distance(*, latitude, longitude) -> list[tuple[Office, float]]:
    """Every office with its distance from a point in km, the nearest first."""
    distances = [(office, _km(latitude, longitude, office.latitude, office.longitude))
                 for office in Office.objects.all()]
    return sorted(distances, key=lambda pair: pair[1])


def _km(lat1, lon1, lat2, lon2) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def announcements_current(*, now) -> list[Announcement]:
    """Published, not cancelled and not over: a few at a time, so matched here in Python."""
    return list(Announcement.objects.filter(published_at__isnull=False, cancelled_at__isnull=True,
                                            ends_at__gte=now)
                .prefetch_related("buildings").order_by("starts_at", "pk"))


def announcements_for_building(*, building: Building, now) -> list[Announcement]:
    return [announcement for announcement in announcements_current(now=now)
            if _affects(announcement, building)]


def announcements_search(*, street: str, now) -> list[Announcement]:
    """The public page: those for the whole city, and those whose streets or buildings'
    addresses hold what was typed."""
    typed = " ".join(street.split()).lower()
    return [announcement for announcement in announcements_current(now=now)
            if announcement.whole_city or not typed
            or any(typed in line.lower() or line.lower() in typed
                   for line in announcement.street_lines())
            or any(typed in building.address.lower() for building in announcement.buildings.all())]


def _affects(announcement: Announcement, building: Building) -> bool:
    address = building.address.lower()
    return (announcement.whole_city or building in announcement.buildings.all()
            or any(line.lower() in address for line in announcement.street_lines()))


def announcement_buildings(*, announcement: Announcement) -> QuerySet[Building]:
    """Every building it is for, as the fan-out asks."""
    if announcement.whole_city:
        return Building.objects.all()
    matches = Q(pk__in=announcement.buildings.values("pk"))
    for line in announcement.street_lines():
        matches |= Q(address__icontains=line)
    return Building.objects.filter(matches)
