"""Outages and announcements: staff publish them in admin; they show on the public page by
street and in the cabinets at their addresses, and go once to subscribers there who asked;
a change after publishing sends one correction, a cancellation tells those who heard."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.admin import helpers
from django.urls import reverse

from support.models import Announcement, Notice, NotificationChoice
from tests.factories import BuildingFactory, PersonalAccountFactory, UserFactory

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=ZoneInfo("Asia/Novosibirsk"))


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


def _resident(address: str, *kinds: str):
    user = UserFactory()
    PersonalAccountFactory(user=user, building=BuildingFactory(address=address))
    NotificationChoice.objects.bulk_create(
        NotificationChoice(user=user, kind=kind, channel="email") for kind in kinds)
    return user


@pytest.fixture
def lenina(db):
    return _resident("г. Новосибирск, ул. Ленина, д. 12", "outage", "announcement")


@pytest.fixture
def frunze(db):
    return _resident("г. Новосибирск, ул. Фрунзе, д. 5", "outage", "announcement")


def _add(admin_client, **fields) -> Announcement:
    data = {"kind": "planned", "service": "cold_water", "title": "Ремонт водовода",
            "text": "Отключение холодной воды для замены задвижки.",
            "starts_at_0": "10.12.2026", "starts_at_1": "09:00",
            "ends_at_0": "10.12.2026", "ends_at_1": "18:00", "streets": "ул. Ленина", **fields}
    response = admin_client.post(reverse("admin:support_announcement_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Announcement.objects.latest("pk")


def _act(admin_client, action: str, announcement: Announcement, capture):
    with capture(execute=True):
        admin_client.post(reverse("admin:support_announcement_changelist"), {
            "action": action, helpers.ACTION_CHECKBOX_NAME: [announcement.pk]})
    announcement.refresh_from_db()


def _subjects(mailoutbox, user) -> list[str]:
    return [message.subject for message in mailoutbox if message.to == [user.email]]


def test_an_outage_reaches_the_street_it_is_for_once(admin_client, lenina, frunze, mailoutbox,
                                                     django_capture_on_commit_callbacks):
    quiet = _resident("г. Новосибирск, ул. Ленина, д. 14")  # did not ask
    outage = _add(admin_client)
    assert mailoutbox == []  # a draft tells nobody

    _act(admin_client, "publish", outage, django_capture_on_commit_callbacks)
    _act(admin_client, "publish", outage, django_capture_on_commit_callbacks)

    assert _subjects(mailoutbox, lenina) == ["Плановое отключение: Ремонт водовода"]
    assert _subjects(mailoutbox, frunze) == _subjects(mailoutbox, quiet) == []
    [message] = mailoutbox
    assert "С 10 декабря 09:00 по 10 декабря 18:00" in message.body
    assert "замены задвижки" in message.body


def test_an_outage_shows_in_the_cabinets_of_its_addresses_only(
        admin_client, client, lenina, frunze, django_capture_on_commit_callbacks):
    client.force_login(lenina)
    before = client.get(reverse("cabinet")).content.decode()  # the tab is now cached
    _act(admin_client, "publish", _add(admin_client), django_capture_on_commit_callbacks)

    assert "Ремонт водовода" not in before
    assert "Плановое отключение (холодное водоснабжение): Ремонт водовода." in client.get(
        reverse("cabinet")).content.decode()
    client.force_login(frunze)
    assert "Ремонт водовода" not in client.get(reverse("cabinet")).content.decode()


@pytest.mark.parametrize(("typed", "found"), [
    ("Ленина", True), ("ул. ленина", True), ("  Ленина ", True), ("Фрунзе", False), ("", True)])
def test_the_public_page_finds_outages_by_street(admin_client, client, lenina, typed, found,
                                                 django_capture_on_commit_callbacks):
    _act(admin_client, "publish", _add(admin_client), django_capture_on_commit_callbacks)

    page = client.get(reverse("support:outages"), {"q": typed}).content.decode()

    assert ("Ремонт водовода" in page) is found


def test_a_building_chosen_by_hand_is_affected(admin_client, lenina, frunze, mailoutbox,
                                               django_capture_on_commit_callbacks):
    building = frunze.personal_accounts.get().building
    outage = _add(admin_client, kind="emergency", streets="", buildings=[building.pk])

    _act(admin_client, "publish", outage, django_capture_on_commit_callbacks)

    assert _subjects(mailoutbox, frunze) == ["Аварийное отключение: Ремонт водовода"]
    assert _subjects(mailoutbox, lenina) == []


def test_a_change_after_publishing_sends_one_correction(admin_client, lenina, frunze,
                                                        mailoutbox,
                                                        django_capture_on_commit_callbacks):
    outage = _add(admin_client)
    _act(admin_client, "publish", outage, django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("admin:support_announcement_change", args=[outage.pk]), {
            "kind": "planned", "service": "cold_water", "title": "Ремонт водовода",
            "text": "Отключение холодной воды для замены задвижки.",
            "starts_at_0": "10.12.2026", "starts_at_1": "09:00",
            "ends_at_0": "10.12.2026", "ends_at_1": "21:00",
            "streets": "ул. Ленина\nул. Фрунзе"})

    assert _subjects(mailoutbox, lenina) == ["Плановое отключение: Ремонт водовода",
                                            "Изменено: Ремонт водовода"]
    assert _subjects(mailoutbox, frunze) == ["Изменено: Ремонт водовода"]
    assert "по 10 декабря 21:00" in mailoutbox[-1].body


def test_a_cancellation_tells_those_who_heard_and_leaves_the_cabinet(
        admin_client, client, lenina, mailoutbox, django_capture_on_commit_callbacks):
    outage = _add(admin_client)
    _act(admin_client, "publish", outage, django_capture_on_commit_callbacks)

    _act(admin_client, "cancel", outage, django_capture_on_commit_callbacks)
    _act(admin_client, "cancel", outage, django_capture_on_commit_callbacks)

    assert _subjects(mailoutbox, lenina) == ["Плановое отключение: Ремонт водовода",
                                            "Отменено: Ремонт водовода"]
    client.force_login(lenina)
    assert "Ремонт водовода" not in client.get(reverse("cabinet")).content.decode()
    assert "Ремонт водовода" not in client.get(reverse("support:outages")).content.decode()


def test_an_announcement_goes_to_the_whole_city(admin_client, lenina, frunze, mailoutbox,
                                                django_capture_on_commit_callbacks):
    notice = _add(admin_client, kind="announcement", service="", streets="", whole_city="on",
                  title="Новый номер диспетчерской")

    _act(admin_client, "publish", notice, django_capture_on_commit_callbacks)

    assert _subjects(mailoutbox, lenina) == _subjects(mailoutbox, frunze) == [
        "Важная информация: Новый номер диспетчерской"]
    assert Notice.objects.filter(kind="announcement").count() == 2


@pytest.mark.parametrize(("fields", "message"), [
    ({"kind": "announcement", "whole_city": ""}, "для всего города"),
    ({"service": ""}, "Отключение называет свою услугу"),
    ({"ends_at_0": "09.12.2026"}, "не может закончиться раньше"),
])
def test_a_wrong_announcement_gets_a_message_not_an_error(admin_client, db, fields, message):
    data = {"kind": "planned", "service": "cold_water", "title": "Ремонт", "text": "Текст",
            "starts_at_0": "10.12.2026", "starts_at_1": "09:00",
            "ends_at_0": "10.12.2026", "ends_at_1": "18:00", "streets": "ул. Ленина", **fields}

    response = admin_client.post(reverse("admin:support_announcement_add"), data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Announcement.objects.exists()


def test_an_emergency_reaches_a_resident_who_never_chose_anything(
        admin_client, mailoutbox, django_capture_on_commit_callbacks, client):
    """Outages at one's address are on by default: a resident who registered and chose
    nothing is told the water is off (02-0271515 at ул. Кирова, д. 27 was not)."""
    from accounts.services import account_registration_complete
    from accounts.tokens import RegistrationClaim

    account = PersonalAccountFactory(number="02-0271515", flat="15", building=BuildingFactory(
        address="г. Новосибирск, ул. Кирова, д. 27"))
    resident = account_registration_complete(
        claim=RegistrationClaim(account_id=account.pk, email="kirova27@example.com"),
        password="Correct-Horse-Battery-7")
    emergency = _add(admin_client, kind="emergency", title="Авария на водоводе",
                     streets="ул. Кирова, д. 27")

    _act(admin_client, "publish", emergency, django_capture_on_commit_callbacks)

    assert _subjects(mailoutbox, resident) == ["Аварийное отключение: Авария на водоводе"]
