"""A legal entity's cabinet: contracts with their money, and documents to read, sign or reject."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.cabinet import login_kind_required
from accounts.models import User
from vodokanal.uploads import private_file_response

from .. import documents as document_services
from .. import selectors
from ..forms import DocumentRejectForm, DocumentReplyForm
from ..models import Document

legal_entity_required = login_kind_required(User.Kind.LEGAL_ENTITY)


@legal_entity_required
def legal_entity_cabinet(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    documents = selectors.documents_for_user(user=request.user)
    return render(request, "billing/organisation/cabinet.html", {
        "organisation": organisation,
        "contracts": selectors.contracts_for_organisation(organisation=organisation),
        "documents": documents[:10],
        "new_documents": documents.filter(status=Document.Status.NEW).count(),
    })


@legal_entity_required
def contract_detail(request: HttpRequest, number: str) -> HttpResponse:
    contract = selectors.contract_get_for_user(user=request.user, number=number)
    return render(request, "billing/organisation/contract.html", {
        "contract": contract, "charges": selectors.contract_charges(contract=contract),
        "payments": selectors.contract_payments(contract=contract)})


@legal_entity_required
def document_list(request: HttpRequest) -> HttpResponse:
    return render(request, "billing/organisation/documents.html",
                  {"documents": selectors.documents_for_user(user=request.user)[:200]})


@legal_entity_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    reply_form = DocumentReplyForm(prefix="reply")
    reject_form = DocumentRejectForm(prefix="reject")
    if request.method == "POST":
        if "reject-reason" in request.POST:
            reject_form = DocumentRejectForm(request.POST, prefix="reject")
            form, act = reject_form, _reject
        else:
            reply_form = DocumentReplyForm(request.POST, request.FILES, prefix="reply")
            form, act = reply_form, _reply
        if form.is_valid():
            try:
                act(request, document, form.cleaned_data)
            except document_services.DocumentClosed:
                messages.error(request, _("The document is signed or rejected already."))
            return redirect("billing:document", pk=document.pk)
    return render(request, "billing/organisation/document.html", {
        "document": document, "events": document.events.select_related("actor"),
        "replies": document.replies.all(), "reply_form": reply_form,
        "reject_form": reject_form, "is_open": document.status in document_services.OPEN})


def _reply(request, document, data) -> None:
    document_services.document_reply(document=document, actor=request.user, kind=data["kind"],
                                     upload=data["file"], name=data["file"].name)
    messages.success(request, _("The file has been sent to the utility."))


def _reject(request, document, data) -> None:
    document_services.document_reject(document=document, actor=request.user,
                                      reason=data["reason"])
    messages.success(request, _("The document has been rejected."))


@login_required
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The organisation's own documents (and staff's): anybody else gets a 404."""
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    if document.organisation_id == getattr(request.user, "organisation_id", None):
        document_services.document_mark_read(document=document, actor=request.user)
    return private_file_response(document.file,
                                 f"{document.get_kind_display()} {document.dated:%Y-%m-%d}.pdf")


@login_required
def reply_download(request: HttpRequest, pk: int, reply_pk: int) -> FileResponse:
    document = selectors.document_get_for_user(user=request.user, pk=pk)
    reply = get_object_or_404(document.replies, pk=reply_pk)
    return private_file_response(reply.file, reply.original_name)


