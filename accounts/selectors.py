"""Read side of the register: every lookup is scoped to the logged-in user."""

from django.db.models import QuerySet

from .models import PersonalAccount, User


def personal_accounts_for_user(*, user: User) -> QuerySet[PersonalAccount]:
    return (
        PersonalAccount.objects.filter(user=user)
        .select_related("building", "building__management_company")
        .order_by("number")
    )
