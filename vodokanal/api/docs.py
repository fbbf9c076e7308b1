"""The API's documentation page (Swagger UI from the site's own static files) in each of the
site's languages: `?lang=` chooses it, for the page and the schema it reads alike."""

from django.conf import settings
from django.shortcuts import redirect
from django.utils import translation
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView


class ApiDocsView(SpectacularSwaggerSplitView):
    authentication_classes = []
    permission_classes = []
    url_name = "api:schema"

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        lang = request.GET.get("lang")
        if lang not in dict(settings.LANGUAGES):
            # The address names the language, so the page, its script and the schema
            # agree and a link to the page gives the same page to anyone.
            return redirect(f"{request.path}?lang={translation.get_language()}")
        # For the rest of the request, as LocaleMiddleware would: the page is rendered
        # after the view returns.
        translation.activate(lang)
        response = super().get(request, *args, **kwargs)
        if response.data.get("script_url"):
            response.data["languages"] = settings.LANGUAGES
        return response
