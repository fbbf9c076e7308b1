"""What an uploaded file may be: a size limit and a list of types, told by content.

The extension and the browser's Content-Type are whatever the sender says;
the first bytes of a PDF, a PNG or a JPEG are not.
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpeg": (b"\xff\xd8\xff",),
}
LABELS = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}


def upload_validate(upload: UploadedFile, *, kinds: tuple[str, ...], max_bytes: int) -> str:
    """Return the file's type (one of `kinds`), or raise with a message for the form."""
    if upload.size > max_bytes:
        raise ValidationError(_("The file is larger than %(limit)s.")
                              % {"limit": filesizeformat(max_bytes)}, code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind in kinds:
        if head.startswith(SIGNATURES[kind]):
            return kind
    raise ValidationError(_("Only these files are accepted: %(kinds)s.")
                          % {"kinds": ", ".join(LABELS[kind] for kind in kinds)},
                          code="file_type")


@deconstructible
class RandomFileName:
    """`upload_to` for private files: a random name in `folder`, keeping only the suffix.

    The name a person gave the file never reaches the disk (it is kept in a
    field of its own where a page needs it).
    """

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
        return f"{self.folder}/{uuid.uuid4().hex}.{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomFileName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def private_file_response(field, filename: str) -> FileResponse:
    """Serve a stored private file as a download, after the caller's permission check.

    No shared cache may keep it; a file gone from the disk is a 404, not a 500.
    """
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
