"""Read side of the register: every lookup is scoped to the logged-in user."""

import functools

from django.db import connection
from django.http import Http404

from .models import Building, CabinetGeneration, NotificationChoice, PersonalAccount, User
from .numbers import InvalidAccountNumber, normalise_account_number


def personal_accounts_for_user(*, user: User) -> list[PersonalAccount]:
    """The login's accounts in number order, with their buildings, and the cabinets'
    generation, which their cache keys need (PersonalAccount.cabinet_key).

    Every cabinet page and submission runs this, so it is one hand-written query: through
    the ORM (select_related and the generation's subselect) building and compiling it
    took 0.6 ms, the query itself 0.4. The management company, which only the
    Information and Meters tabs show, is read there when a building has one.
    """
    accounts = list(PersonalAccount.objects.raw(_accounts_sql(), [user.pk]))
    for account in accounts:
        account.building = _building_of(account)
    return accounts


def personal_account_get_for_user(*, user: User, number: str) -> PersonalAccount:
    """One of the user's own accounts; anybody else's is a 404, like one that does not exist."""
    for account in personal_accounts_for_user(user=user):
        if account.number == number:
            return account
    raise Http404


_BUILDING_PREFIX = "building__"


@functools.cache
def _accounts_sql() -> str:
    """The accounts' columns, their building's under a prefix, the generation; written from
    the models' fields, so a new field cannot be left out. No input reaches the text."""
    quote = connection.ops.quote_name
    buildings = ", ".join(f"b.{quote(field.column)} AS {quote(_BUILDING_PREFIX + field.attname)}"
                          for field in Building._meta.concrete_fields)
    return f"""
SELECT a.*, {buildings},
       (SELECT value FROM {CabinetGeneration._meta.db_table} WHERE id = 1) AS cabinet_generation
  FROM {PersonalAccount._meta.db_table} a
  JOIN {Building._meta.db_table} b ON b.id = a.building_id
 WHERE a.user_id = %s
 ORDER BY a.number
"""  # noqa: S608


def _building_of(account: PersonalAccount) -> Building:
    """The building from the prefixed columns."""
    fields = Building._meta.concrete_fields
    values = [account.__dict__.pop(_BUILDING_PREFIX + field.attname) for field in fields]
    return Building.from_db(account._state.db, [field.attname for field in fields], values)


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
