"""The API's one parser: JSON, read with the site's bounds (vodokanal.json_input)."""

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from vodokanal.json_input import json_bounded_loads

# No body the API takes goes deeper than readings inside an object (3 levels).
MAX_DEPTH = 8


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) if stream else b""
        try:
            return json_bounded_loads(body, max_bytes=settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
                                      max_depth=MAX_DEPTH)
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(_("The body is not JSON the API takes.")) from error
