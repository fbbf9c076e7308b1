"""A legal entity's cabinet: contracts and their money, and the documents flow."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from billing.models import Contract, ContractCharge, ContractPayment, Document, ServicePoint
from support.models import NotificationChoice
from tests.factories import OrganisationUserFactory

PDF = b"%PDF-1.4\n% a tiny test document\n%%EOF\n"


@pytest.fixture
def company(db):
    user = OrganisationUserFactory(password="Company-Pass-1")
    NotificationChoice.objects.create(user=user, kind="document_published", channel="email")
    return user


@pytest.fixture
def other_company(db):
    return OrganisationUserFactory()


@pytest.fixture
def contract(company):
    contract = Contract.objects.create(organisation=company.organisation, number="Д-1024",
                                       signed_on=date(2024, 3, 1), external_id="K-1")
    ServicePoint.objects.create(contract=contract, address="ул. Станционная, д. 30, цех 2")
    for month in (9, 10):
        ContractCharge.objects.create(contract=contract, period=date(2026, month, 1),
                                      service="cold_water", volume=Decimal("120.000"),
                                      tariff=Decimal("52.10"), amount=Decimal("6252.00"),
                                      external_id=f"KC-{month}")
    ContractPayment.objects.create(contract=contract, paid_on=date(2026, 10, 5),
                                   amount=Decimal("6252.00"), external_id="KP-1")
    return contract


def _publish(admin_client, organisation, django_capture_on_commit_callbacks, content=PDF):
    upload = SimpleUploadedFile("act.pdf", content, content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        return admin_client.post(reverse("admin:billing_document_add"), {
            "organisation": organisation.pk, "kind": "act", "title": "Акт сверки за III квартал",
            "dated": "2026-10-31", "file": upload,
            "replies-TOTAL_FORMS": 0, "replies-INITIAL_FORMS": 0,
            "events-TOTAL_FORMS": 0, "events-INITIAL_FORMS": 0})


@pytest.fixture
def document(admin_client, company, django_capture_on_commit_callbacks):
    _publish(admin_client, company.organisation, django_capture_on_commit_callbacks)
    return Document.objects.get()


def test_the_cabinet_lists_contracts_with_their_money(client, company, contract,
                                                      django_assert_max_num_queries):
    client.force_login(company)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("cabinet")).content.decode()

    assert "Д-1024" in page
    assert "ул. Станционная, д. 30, цех 2" in page
    assert "12\xa0504,00\xa0₽" in page  # charged
    assert "6\xa0252,00\xa0₽" in page  # paid, and the balance


def test_a_contract_opens_for_its_organisation_only(client, company, other_company, contract):
    url = reverse("billing:contract", kwargs={"number": contract.number})
    client.force_login(company)
    assert "10.2026" in client.get(url).content.decode()

    client.force_login(other_company)
    assert client.get(url).status_code == 404


def test_staff_publish_and_the_company_is_told(document, company, mailoutbox):
    assert document.status == "new"
    assert list(document.events.values_list("action", flat=True)) == ["published"]
    [message] = mailoutbox
    assert message.to == [company.email]
    assert f"/cabinet/documents/{document.pk}/" in message.body


def test_staff_may_publish_pdf_only(admin_client, company, django_capture_on_commit_callbacks):
    response = _publish(admin_client, company.organisation, django_capture_on_commit_callbacks,
                        content=b"MZ\x90\x00 not a pdf")

    assert "Принимаются только файлы: PDF" in response.content.decode()
    assert not Document.objects.exists()


def test_the_first_download_marks_it_read(client, company, document):
    client.force_login(company)

    first = client.get(reverse("billing:document_file", kwargs={"pk": document.pk}))
    client.get(reverse("billing:document_file", kwargs={"pk": document.pk}))

    assert b"".join(first.streaming_content) == PDF
    assert "no-store" in first["Cache-Control"]
    document.refresh_from_db()
    assert document.status == "read"
    assert list(document.events.values_list("action", flat=True)) == ["published", "read"]


def test_the_cabinet_leads_with_new_documents_until_they_are_read(client, company, document):
    client.force_login(company)

    before = client.get(reverse("cabinet")).content.decode()
    client.get(reverse("billing:document_file", kwargs={"pk": document.pk}))
    after = client.get(reverse("cabinet")).content.decode()

    assert "Что нужно сделать" in before
    assert "1 новый документ от предприятия." in before
    assert reverse("billing:documents") in before
    assert "Что нужно сделать" not in after


@pytest.mark.parametrize("who", ["other_company", "owner", "anonymous"])
def test_nobody_else_downloads_it(client, document, other_company, owner, who):
    if who != "anonymous":
        client.force_login(other_company if who == "other_company" else owner)

    response = client.get(reverse("billing:document_file", kwargs={"pk": document.pk}))
    page = client.get(reverse("billing:document", kwargs={"pk": document.pk}))

    if who == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))
    else:
        assert response.status_code == 404
        assert page.status_code in (302, 404)
    document.refresh_from_db()
    assert document.status == "new"


def _reply(client, document, kind="signed", content=PDF, name="signed.pdf"):
    return client.post(reverse("billing:document", kwargs={"pk": document.pk}), {
        "reply-kind": kind, "reply-file": SimpleUploadedFile(name, content)})


def test_a_signed_copy_closes_the_document(client, company, document, admin_client):
    client.force_login(company)
    _reply(client, document, kind="letter", name="letter.pdf")

    _reply(client, document)
    late = client.post(reverse("billing:document", kwargs={"pk": document.pk}),
                       {"reject-reason": "передумали"}, follow=True)

    document.refresh_from_db()
    assert document.status == "signed"
    assert list(document.events.values_list("action", flat=True)) == [
        "published", "letter", "signed"]
    assert "подписан или отклонён" in late.content.decode()
    reply = document.replies.get(kind="signed")
    staff_copy = admin_client.get(reverse("billing:reply_file",
                                          kwargs={"pk": document.pk, "reply_pk": reply.pk}))
    assert b"".join(staff_copy.streaming_content) == PDF


def test_a_rejection_keeps_its_reason(client, company, document):
    client.force_login(company)

    client.post(reverse("billing:document", kwargs={"pk": document.pk}),
                {"reject-reason": "Неверная сумма в строке 3"})

    document.refresh_from_db()
    assert document.status == "rejected"
    page = client.get(reverse("billing:document", kwargs={"pk": document.pk})).content.decode()
    assert "Неверная сумма в строке 3" in page


@pytest.mark.parametrize(("content", "message"), [
    (b"#!/bin/sh\necho hi\n", "Принимаются только файлы: PDF, JPEG, PNG"),
    (b"%PDF-" + b"0" * (10 * 1024 * 1024), "больше 10,0"),
])
def test_only_small_pdf_jpeg_or_png_replies(client, company, document, content, message):
    client.force_login(company)

    response = _reply(client, document, content=content)

    assert message in response.content.decode()
    assert not document.replies.exists()
