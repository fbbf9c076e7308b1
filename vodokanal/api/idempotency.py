"""`Idempotency-Key` on the API's writes: the same token and key get the first answer again
and write nothing more, however the retry comes (after a lost answer, or at the same
moment: the second waits for the first's transaction, then is answered from its row)."""

import hashlib
import re
from functools import wraps

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.response import Response

from vodokanal.models import IdempotentRequest

KEY_PATTERN = r"^[A-Za-z0-9_.:-]{8,255}$"
KEY_PARAMETER = OpenApiParameter(
    "Idempotency-Key", location=OpenApiParameter.HEADER, required=True, type=str,
    pattern=KEY_PATTERN,
    description=_("Any unique string a request: a retry with the same key applies once."))


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = _("This Idempotency-Key was used with another request.")


def idempotent(handler):
    @wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "")
        if not re.fullmatch(KEY_PATTERN, key):
            raise exceptions.ValidationError({"Idempotency-Key": [
                _("Required: 8 to 255 letters, digits or . _ : -")]})
        digest = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
        with transaction.atomic():
            try:
                with transaction.atomic():
                    record = IdempotentRequest.objects.create(
                        token=request.auth, key=key, request_hash=digest)
            except IntegrityError:
                record = IdempotentRequest.objects.get(token=request.auth, key=key)
                if record.request_hash != digest:
                    raise KeyReused from None
                return Response(record.body, status=record.status)
            # A refusal raises: its transaction, this row with it, is undone, and a retry is
            # checked again. Only what was done is kept to answer with.
            response = handler(view, request, *args, **kwargs)
            record.status, record.body = response.status_code, response.data
            record.save(update_fields=["status", "body"])
            return response
    return wrapper
