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
    """A retry finds the first request's row and is answered from it, running nothing. The
    request's effect and that row are committed together, or neither is: a retry at the
    same moment runs too, but its row's insert waits for the first's commit, conflicts,
    and everything it did is rolled back (a payment link's second order with it; the bank
    keeps a payment page nobody is sent to)."""
    @wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = request.headers.get("Idempotency-Key", "")
        if not re.fullmatch(KEY_PATTERN, key):
            raise exceptions.ValidationError({"Idempotency-Key": [
                _("Required: 8 to 255 letters, digits or . _ : -")]})
        digest = hashlib.sha256(request.path.encode() + b"\n" + request.body).hexdigest()
        first = IdempotentRequest.objects.filter(token=request.auth, key=key).first()
        if first is None:
            try:
                with transaction.atomic():
                    # A refusal raises: nothing is kept, and a retry is checked again.
                    response = handler(view, request, *args, **kwargs)
                    IdempotentRequest.objects.create(
                        token=request.auth, key=key, request_hash=digest,
                        status=response.status_code, body=response.data)
                    return response
            except IntegrityError:
                first = IdempotentRequest.objects.filter(token=request.auth, key=key).first()
                if first is None:
                    raise  # another constraint than the key's
        if first.request_hash != digest:
            raise KeyReused
        return Response(first.body, status=first.status)
    return wrapper
