"""The login's accounts, which every cabinet page reads by one hand-written query."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.forms.models import model_to_dict
from django.http import Http404

from accounts.cabinet import cabinets_changed
from accounts.models import CabinetGeneration, PersonalAccount
from accounts.selectors import personal_account_get_for_user, personal_accounts_for_user
from tests.factories import BuildingFactory, OrganisationFactory, PersonalAccountFactory


def test_the_logins_accounts_are_as_the_orm_reads_them(owner, neighbour,
                                                       django_assert_num_queries):
    company = OrganisationFactory(kind="management_company")
    building = BuildingFactory(management_company=company, has_communal_meter=True,
                               latitude=Decimal("55.030199"), longitude=Decimal("82.920430"))
    PersonalAccountFactory(user=owner, number="01-0000001", building=building,
                           registered_at=datetime(2026, 3, 1, 9, tzinfo=ZoneInfo("UTC")))
    cabinets_changed()

    with django_assert_num_queries(1):
        accounts = personal_accounts_for_user(user=owner)
        buildings = [account.building for account in accounts]

    expected = list(PersonalAccount.objects.filter(user=owner).order_by("number")
                    .select_related("building"))
    assert [account.number for account in accounts] == [a.number for a in expected]
    assert [model_to_dict(a) for a in accounts] == [model_to_dict(a) for a in expected]
    assert [model_to_dict(b) for b in buildings] == [model_to_dict(a.building) for a in expected]
    assert [a.registered_at for a in accounts] == [a.registered_at for a in expected]
    assert [a.cabinet_version for a in accounts] == [a.cabinet_version for a in expected]
    assert {a.cabinet_generation for a in accounts} == {CabinetGeneration.objects.get().value}


def test_another_logins_account_is_not_found(owner, neighbour):
    theirs = neighbour.personal_accounts.get()

    with pytest.raises(Http404):
        personal_account_get_for_user(user=owner, number=theirs.number)
    assert personal_account_get_for_user(user=neighbour, number=theirs.number) == theirs
