"""Read side of support: a subscriber's own questions and notices, the FAQ, the nearest office."""

import math
from datetime import timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import FaqEntry, Notice, NotificationChoice, Office, Question

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
    entries = FaqEntry.objects.all()
    for word in query.split()[:8]:
        entries = entries.filter(Q(question__icontains=word) | Q(answer__icontains=word))
    return entries.order_by("topic", "-published_at")


def notification_choices_for_user(*, user) -> set[tuple[str, str]]:
    return set(NotificationChoice.objects.filter(user=user).values_list("kind", "channel"))


def notices_for_user(*, user) -> QuerySet[Notice]:
    return Notice.objects.filter(user=user).order_by("-created_at", "-id")


def nearest_office(*, latitude, longitude) -> tuple[Office, float] | None:
    """The office closest to a point, and how far it is in km (great-circle distance)."""
    if latitude is None or longitude is None:
        return None
    offices = list(Office.objects.all())
    if not offices:
        return None
    distances = [(_km(latitude, longitude, o.latitude, o.longitude), o) for o in offices]
    km, office = min(distances, key=lambda pair: pair[0])
    return office, km


def _km(lat1, lon1, lat2, lon2) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, map(float, (lat1, lon1, lat2, lon2)))
    a = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
