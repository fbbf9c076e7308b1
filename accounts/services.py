"""Writes to logins and the register."""

from django.db import transaction

from .models import User


@transaction.atomic
def password_change(*, user: User, new_password: str) -> None:
    """Set a new password; every other session of this user ends with the old hash."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
