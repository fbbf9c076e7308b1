"""The notification choices: saved exactly, SMS only with a phone, defaults by kind of login."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from accounts.services import organisation_access_issue
from support.models import NotificationChoice
from tests.factories import OrganisationFactory, UserFactory


def test_the_page_lists_the_notices_a_resident_may_choose(logged_in):
    page = logged_in.get(reverse("support:notice_settings")).content.decode()

    assert "Ответы на мои вопросы" in page
    assert "Новые документы" not in page  # documents are for legal entities


def test_choices_are_saved_exactly(post, owner):
    owner.phone = "+79131234567"
    owner.save()

    post("support:notice_settings", {"tariff_change__email": "on",
                                           "tariff_change__sms": "on",
                                        "paperless_receipt__email": "on"})

    assert set(owner.notification_choices.values_list("kind", "channel")) == {
        ("tariff_change", "email"), ("tariff_change", "sms"), ("paperless_receipt", "email")}


def test_sms_needs_a_phone(post, owner):
    response = post("support:notice_settings", {"tariff_change__sms": "on"})

    assert "укажите мобильный телефон" in response.content.decode()
    assert not owner.notification_choices.filter(channel="sms").exists()


def test_removing_the_phone_stops_sms(post, owner):
    owner.phone = "+79131234567"
    owner.save()
    post("support:notice_settings", {"reading_reminder__sms": "on"})

    post("accounts:phone_change", {"phone": ""})

    assert not owner.notification_choices.filter(channel="sms").exists()


def test_a_receipt_is_never_offered_by_sms(logged_in, owner):
    page = logged_in.get(reverse("support:notice_settings")).content.decode()

    assert 'name="paperless_receipt__email"' in page
    assert 'name="paperless_receipt__sms"' not in page
    with pytest.raises(IntegrityError):
        NotificationChoice.objects.create(user=owner, kind="paperless_receipt", channel="sms")


def test_a_legal_entity_starts_with_its_documents_by_email(db):
    staff = UserFactory(is_staff=True, kind=User.Kind.STAFF)
    issued = organisation_access_issue(organisation=OrganisationFactory(), issued_by=staff)

    user = User.objects.get(organisation=issued.organisation)
    assert set(user.notification_choices.values_list("kind", "channel")) == {
        ("document_published", "email")}
