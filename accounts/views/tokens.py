"""Personal access tokens for the API: made (shown once), listed with their last use,
revoked."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import AccessTokenForm


@never_cache
@login_required
def access_tokens(request: HttpRequest) -> HttpResponse:
    form = AccessTokenForm(request.POST or None, request=request, user=request.user)
    issued = None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in ("name", "scopes", "days")}
        try:
            # Drawn on this answer and never again: no redirect that would have to keep it.
            issued = services.access_token_issue(user=request.user, **data)
        except services.TokenRefused as refused:
            form.add_error(None, str(refused))
        else:
            form = AccessTokenForm(request=request, user=request.user)
    return render(request, "accounts/access_tokens.html", {
        "form": form, "issued": issued,
        "tokens": selectors.access_tokens_for_user(user=request.user),
        "token_days": settings.ACCESS_TOKEN_DAYS, "tokens_most": settings.ACCESS_TOKENS_PER_LOGIN})


@login_required
@require_POST
def access_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    if not services.access_token_revoke(user=request.user, pk=pk):
        raise Http404
    messages.success(request, _("The token is revoked: it opens nothing any more."))
    return redirect("accounts:access_tokens")
