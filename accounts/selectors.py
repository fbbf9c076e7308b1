"""Read side of the register: every lookup is scoped to the logged-in user."""

from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.http import Http404

from .models import CabinetGeneration, NotificationChoice, PersonalAccount, User
from .numbers import InvalidAccountNumber, normalise_account_number


def personal_accounts_for_user(*, user: User) -> QuerySet[PersonalAccount]:
    """With their buildings, and the cabinets' generation, which their cache keys need
    (PersonalAccount.cabinet_key).

    Every cabinet page runs this, so it is kept small: the generation is a plain
    subselect rather than a Subquery the ORM would build and compile each time, and
    the management company, which only the Information and Meters tabs show, is read
    there when a building has one.
    """
    table = CabinetGeneration._meta.db_table  # our own name; no input reaches this SQL
    generation = RawSQL(f"SELECT value FROM {table} WHERE id = 1", ())  # noqa: S608, S611
    return (
        PersonalAccount.objects.filter(user=user)
        .select_related("building")
        .annotate(cabinet_generation=generation)
        .order_by("number")
    )


def personal_account_get_for_user(*, user: User, number: str) -> PersonalAccount:
    """One of the user's own accounts; anybody else's is a 404, like one that does not exist."""
    account = personal_accounts_for_user(user=user).filter(number=number).first()
    if account is None:
        raise Http404
    return account


def personal_accounts_for_recovery(*, identifier: str) -> list[PersonalAccount]:
    """Every individual's account registered to the e-mail that `identifier` leads to.

    `identifier` is an e-mail or an account number; a number leads to the e-mail
    of the login that holds it. Several logins may share one e-mail: all count.
    """
    email = identifier.strip() if "@" in identifier else _email_of_account(identifier)
    if not email:
        return []
    return list(
        PersonalAccount.objects.filter(user__email__iexact=email, user__is_active=True,
                                       user__kind=User.Kind.INDIVIDUAL)
        .select_related("building", "user")
        .order_by("number")
    )


def _email_of_account(text: str) -> str | None:
    try:
        number = normalise_account_number(text)
    except InvalidAccountNumber:
        return None
    return (PersonalAccount.objects.filter(number=number, user__isnull=False)
            .values_list("user__email", flat=True).first())


def notification_choices_for_user(*, user: User) -> set[tuple[str, str]]:
    return set(NotificationChoice.objects.filter(user=user).values_list("kind", "channel"))
