"""Electronic document flow with legal entities: publish, read, sign, reject; each step in history.

A document is new until the organisation downloads it (read); it ends signed
(a signed copy uploaded) or rejected (with a reason). Letters may be added
while it is open. Every step is a DocumentEvent and an audit row.
"""

from django.db import transaction

from vodokanal.audit import audit_record

from .models import Document, DocumentEvent, DocumentReply
from .signals import document_published

OPEN = (Document.Status.NEW, Document.Status.READ)


class DocumentClosed(Exception):
    """Signed or rejected already: nothing more can be added."""


@transaction.atomic
def document_publish(*, document: Document, actor) -> Document:
    document.save()
    _event(document, DocumentEvent.Action.PUBLISHED, actor)
    transaction.on_commit(lambda: document_published.send(sender=Document,
                                                          document_id=document.pk))
    return document


def document_mark_read(*, document: Document, actor) -> None:
    """The first download by the organisation; later ones change nothing."""
    with transaction.atomic():
        if Document.objects.filter(pk=document.pk, status=Document.Status.NEW).update(
                status=Document.Status.READ):
            document.status = Document.Status.READ
            _event(document, DocumentEvent.Action.READ, actor)


@transaction.atomic
def document_reply(*, document: Document, actor, kind: str, upload, name: str) -> DocumentReply:
    locked = _lock_open(document)
    reply = DocumentReply.objects.create(document=locked, kind=kind, file=upload,
                                         original_name=name[:255], uploaded_by=actor)
    if kind == DocumentReply.Kind.SIGNED:
        locked.status = Document.Status.SIGNED
        locked.save(update_fields=["status"])
    _event(locked, DocumentEvent.Action(kind), actor)
    return reply


@transaction.atomic
def document_reject(*, document: Document, actor, reason: str) -> None:
    locked = _lock_open(document)
    locked.status = Document.Status.REJECTED
    locked.save(update_fields=["status"])
    _event(locked, DocumentEvent.Action.REJECTED, actor, note=reason)


def _lock_open(document: Document) -> Document:
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.status not in OPEN:
        raise DocumentClosed
    return locked


def _event(document: Document, action: str, actor, note: str = "") -> None:
    DocumentEvent.objects.create(document=document, action=action, status=document.status,
                                 actor=actor, note=note)
    audit_record(action=f"billing.document_{action}", actor=actor, document=document.pk)
