"""Every cabinet URL × every kind of visitor: the owner's data opens for the owner only.

"ok" is 200; "login" a redirect to the login form; "away" a redirect elsewhere
(another kind of login's cabinet); 404 where the object is someone else's.
"""

from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from payments.models import PaymentOrder
from support.models import Question
from tests.conftest import PASSWORD
from tests.factories import (
    BuildingFactory,
    ManagementCompanyUserFactory,
    MeterFactory,
    OrganisationUserFactory,
    PersonalAccountFactory,
    UserFactory,
    published_document,
)

ROLES = ["owner", "neighbour", "stranger", "anonymous", "legal_entity", "management_company",
         "staff", "staff_without_permissions"]


@pytest.fixture
def world(owner, neighbour, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    account = owner.personal_accounts.get()
    meter = MeterFactory(account=account)
    order = PaymentOrder.objects.create(order_id="VK-matrix", user=owner, amount=Decimal("1"),
                                        gateway="acquiring")
    question = Question.objects.create(user=owner, topic="other", text="?")
    question.attachment.save("a.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=True)
    question.attachment_name = "a.png"
    question.save()
    company = OrganisationUserFactory(password=PASSWORD)
    document = published_document(company.organisation, number="Д-1", title="Акт",
                                  content=b"%PDF-1.4")
    manager = ManagementCompanyUserFactory()
    building = BuildingFactory(management_company=manager.organisation,
                               has_communal_meter=True)
    flat = PersonalAccountFactory(building=building)
    MeterFactory(account=flat)
    stranger = UserFactory()
    PersonalAccountFactory(user=stranger, building=BuildingFactory())
    return {
        "users": {"owner": owner, "neighbour": neighbour, "stranger": stranger,
                  "legal_entity": company, "management_company": manager,
                  "staff": UserFactory(kind="staff", is_staff=True, is_superuser=True),
                  "staff_without_permissions": UserFactory(kind="staff", is_staff=True)},
        "meter": meter, "order": order, "question": question, "contract": document.contract,
        "document": document, "building": building, "flat": flat,
    }


def _urls(world) -> dict[str, str]:
    return {
        "cabinet": reverse("cabinet"),
        "charges": reverse("billing:charges"),
        "statement": reverse("billing:statement"),
        "receipts": reverse("billing:receipts"),
        "meters": reverse("meters:meters"),
        "meter_history": reverse("meters:history", args=[world["meter"].pk]),
        "pay": reverse("payments:pay"),
        "order": reverse("payments:return", args=[world["order"].order_id]),
        "questions": reverse("support:questions"),
        "question": reverse("support:question", args=[world["question"].pk]),
        "attachment": reverse("support:attachment", args=[world["question"].pk]),
        "notices": reverse("support:notices"),
        "profile": reverse("accounts:profile"),
        "contract": reverse("billing:contract", args=[world["contract"].number]),
        "documents": reverse("billing:documents"),
        "document": reverse("billing:document", args=[world["document"].pk]),
        "document_file": reverse("billing:document_file", args=[world["document"].pk]),
        "company_flats": reverse("meters:company_flats", args=[world["building"].pk]),
        "company_flats_form": reverse("meters:company_flats_form",
                                      args=[world["building"].pk]),
        "company_flat": reverse("meters:company_flat",
                                args=[world["building"].pk, world["flat"].number]),
    }


# What each kind of visitor gets; a role left out of a row gets the row's default.
INDIVIDUAL_TAB = {"owner": "ok", "neighbour": "ok", "stranger": "ok", "anonymous": "login",
                  "legal_entity": "away", "management_company": "away", "staff": "away"}
OWNERS_OBJECT = {"owner": "ok", "neighbour": 404, "stranger": 404, "anonymous": "login",
                 "legal_entity": "away", "management_company": "away", "staff": "away"}
ANY_LOGIN = dict.fromkeys(ROLES, "ok") | {"anonymous": "login"}
EXPECTED = {
    "cabinet": ANY_LOGIN | {"staff": "away"},
    "charges": INDIVIDUAL_TAB, "statement": INDIVIDUAL_TAB, "receipts": INDIVIDUAL_TAB,
    "meters": INDIVIDUAL_TAB, "pay": INDIVIDUAL_TAB,
    "meter_history": OWNERS_OBJECT,
    "order": OWNERS_OBJECT | {"legal_entity": 404, "management_company": 404, "staff": 404},
    "questions": ANY_LOGIN, "notices": ANY_LOGIN, "profile": ANY_LOGIN,
    "question": OWNERS_OBJECT | {"legal_entity": 404, "management_company": 404,
                                 "staff": "ok"},
    "attachment": OWNERS_OBJECT | {"legal_entity": 404, "management_company": 404,
                                   "staff": "ok"},
    "contract": dict.fromkeys(ROLES, "away") | {"legal_entity": "ok",
                                                    "anonymous": "login"},
    "documents": dict.fromkeys(ROLES, "away") | {"legal_entity": "ok",
                                                     "anonymous": "login"},
    "document": dict.fromkeys(ROLES, "away") | {"legal_entity": "ok",
                                                    "anonymous": "login"},
    "document_file": dict.fromkeys(ROLES, 404) | {"legal_entity": "ok", "staff": "ok",
                                                      "anonymous": "login"},
    "company_flats": dict.fromkeys(ROLES, "away") | {"management_company": "ok",
                                                         "anonymous": "login"},
}
EXPECTED["company_flats_form"] = EXPECTED["company_flat"] = EXPECTED["company_flats"]


# Staff open a subscriber's question, attachment or document only with the permission to
# view them; without it, as anyone else, they are not found.
NEEDS_A_STAFF_PERMISSION = {"question", "attachment", "document_file"}
EXPECTED = {name: row | {"staff_without_permissions": 404 if name in NEEDS_A_STAFF_PERMISSION
                         else row["staff"]} for name, row in EXPECTED.items()}


@pytest.mark.parametrize("role", ROLES)
def test_the_access_matrix(client, world, role):
    if role != "anonymous":
        client.force_login(world["users"][role])
    outcomes = {name: _outcome(client.get(url)) for name, url in _urls(world).items()}

    expected = {name: EXPECTED[name][role] for name in outcomes}
    assert outcomes == expected


def _outcome(response):
    if response.status_code == 200:
        return "ok"
    if response.status_code == 302:
        return "login" if response["Location"].startswith(reverse("accounts:login")) else "away"
    return response.status_code
