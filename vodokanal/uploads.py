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
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpeg": "jpg"}
CONTENT_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
_KIND_OF_EXTENSION = {extension: kind for kind, extension in EXTENSIONS.items()}
LABEL_MAX_LENGTH = 120


def upload_validate(upload: UploadedFile, *, kinds: tuple[str, ...], max_bytes: int) -> str:
    """Return the file's type (one of `kinds`), or raise with a message for the form.

    The upload's name becomes a clean label with the extension of that type, so that it
    is stored (RandomFileName) and served as what its content is, whatever it was called:
    `receipt.pdf.bat` holding a PDF becomes `receipt.pdf`."""
    if upload.size > max_bytes:
        raise ValidationError(_("The file is larger than %(limit)s.")
                              % {"limit": filesizeformat(max_bytes)}, code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind in kinds:
        if head.startswith(SIGNATURES[kind]):
            upload.name = upload_label(upload.name or "", kind)
            return kind
    raise ValidationError(_("Only these files are accepted: %(kinds)s.")
                          % {"kinds": ", ".join(LABELS[kind] for kind in kinds)},
                          code="file_type")


def upload_label(name: str, kind: str) -> str:
    """The name a person gave a file, as a label: no folders, no control characters, no
    extensions of its own, within a length, ending in the extension of its real type."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(character for character in base if character.isprintable()).strip()
    stem = printable.split(".", 1)[0].strip() or "file"
    return f"{stem[:LABEL_MAX_LENGTH]}.{EXTENSIONS[kind]}"


def _kind_of_stored(name: str) -> str | None:
    return _KIND_OF_EXTENSION.get(name.rsplit(".", 1)[-1].lower()) if "." in name else None


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
    kind = _kind_of_stored(field.name)  # stored under its type's extension (upload_validate)
    if kind is None:
        response = FileResponse(handle, as_attachment=True, filename=filename,
                                content_type="application/octet-stream")
    else:
        response = FileResponse(handle, as_attachment=True, content_type=CONTENT_TYPES[kind],
                                filename=upload_label(filename, kind))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
