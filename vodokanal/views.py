import logging

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from accounts.models import User
from billing.views import individual as billing_individual
from billing.views import organisation as billing_organisation
from meters import views as meters_views

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


# Where a login lands: each kind of user has its own cabinet, in its own app.
_CABINETS = {
    User.Kind.INDIVIDUAL: billing_individual.information,
    User.Kind.LEGAL_ENTITY: billing_organisation.legal_entity_cabinet,
    User.Kind.MANAGEMENT_COMPANY: meters_views.management_company_cabinet,
}


@login_required
def cabinet(request: HttpRequest) -> HttpResponse:
    view = _CABINETS.get(request.user.kind)
    return view(request) if view else redirect("admin:index")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and compose: 200 when the database and the broker answer."""
    checks = {"database": _database_status(), "broker": _broker_status()}
    healthy = all(status in ("ok", "eager") for status in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks},
                        status=200 if healthy else 503)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health check: the database does not answer")
        return "error"
    return "ok"


def _broker_status() -> str:
    if not settings.REDIS_URL:
        return "eager"  # `make run`: tasks run in-process, there is no broker to ask
    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2,
                             socket_timeout=2).ping()
    except redis.RedisError:
        logger.exception("Health check: the broker does not answer")
        return "error"
    return "ok"
