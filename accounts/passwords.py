"""The password as a key to other things: what typing it again guards, and what a new one
ends.

Forms that take the current password from an open session (the e-mail change, the
password change, a new API token) count a wrong one as a failed login of that login from
that address, so an open session is no way to guess it without the lockout's limit.
"""

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.password_validation import UserAttributeSimilarityValidator
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import User
from .services import password_replaced


def current_password_check(*, request: HttpRequest, user: User, password: str) -> None:
    """ValidationError unless `password` is the login's; a wrong one counts like a failed
    login (django-axes), and while the login is locked none is checked at all."""
    credentials = {"username": user.username}
    if AxesProxyHandler.is_locked(request, credentials):
        # The answer is the lockout page, as a login's would be (AxesMiddleware).
        request.axes_locked_out, request.axes_credentials = True, credentials
        raise ValidationError(_("Too many wrong passwords. Try again in a few minutes."),
                              code="locked")
    if not user.check_password(password):
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        raise ValidationError(_("The password is not right."), code="wrong_password")


class PasswordReplacedHook:
    """Not a rule for passwords: Django tells each configured validator when a login's
    password was set (AbstractBaseUser.save), the one place that sees every change, staff's
    in admin included. A new password ends what the old one opened (services)."""

    def validate(self, password: str, user=None) -> None:
        return None

    def password_changed(self, password: str, user=None) -> None:
        if user is not None and user.pk is not None:
            password_replaced(user=user)

    def get_help_text(self) -> str:
        return ""


class NotLikeYourDetailsValidator(UserAttributeSimilarityValidator):
    """Django's similarity rule, said in a resident's words: nobody here has a "username";
    the login is known by the account number or the access code."""

    WORDS = {"username": gettext_lazy("your personal account number or access code"),
             "first_name": gettext_lazy("your first name"),
             "last_name": gettext_lazy("your last name"),
             "email": gettext_lazy("your e-mail")}

    def validate(self, password: str, user=None) -> None:
        for attribute in self.user_attributes:
            one = UserAttributeSimilarityValidator(user_attributes=[attribute],
                                                   max_similarity=self.max_similarity)
            try:
                one.validate(password, user)
            except ValidationError:
                raise ValidationError(
                    _("The password is too like %(what)s. Choose another one.")
                    % {"what": self.WORDS.get(attribute, attribute)},
                    code="password_too_similar") from None

    def get_help_text(self) -> str:
        return _("It must not be like your account number, name or e-mail.")
