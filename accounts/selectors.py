"""Read side of the register: every lookup is scoped to the logged-in user."""

from dataclasses import dataclass

from django.db.models import Max
from django.http import Http404
from django.utils.crypto import salted_hmac

from . import sql
from .matching import address_masked, address_words
from .models import AccessToken, Building, PersonalAccount, User
from .numbers import InvalidAccountNumber, normalise_account_number


def personal_accounts_for_user(*, user: User) -> list[PersonalAccount]:
    """The login's accounts in number order, with their buildings, and the cabinets'
    generation, which their cache keys need (PersonalAccount.cabinet_key): one query, by
    hand (accounts/sql.py). The management company, which only the Information and Meters
    tabs show, is read there."""
    return sql.accounts_of_user(user_id=user.pk)


def personal_account_get_for_user(*, user: User, number: str) -> PersonalAccount:
    """One of the user's own accounts; anybody else's is a 404, like one that does not exist."""
    for account in personal_accounts_for_user(user=user):
        if account.number == number:
            return account
    raise Http404


@dataclass(frozen=True)
class Payee:
    """The account a payer without a login named, as the page may show it."""

    number: str  # as the payer typed it, in the canonical form
    account: PersonalAccount | None  # None: no such account, which the page never says
    address: str  # masked; for no such account, another account's, chosen by the number


def payee_lookup(*, number: str) -> Payee:
    """InvalidAccountNumber for what is no account number at all. A well-formed number
    answers the same whether or not it exists: a masked address (for a number not in the
    register, that of an account picked by the number, the same each time), by the same
    queries, so that neither the page nor its timing tells which numbers exist."""
    number = normalise_account_number(number)
    account = (PersonalAccount.objects.select_related("building")
               .filter(number=number).first())
    stand_in = _stand_in_account(number)  # looked up either way: both answers cost alike
    shown = account or stand_in
    return Payee(number=number, account=account,
                 address=address_masked(shown) if shown is not None else "")


def _stand_in_account(number: str) -> PersonalAccount | None:
    top = PersonalAccount.objects.aggregate(top=Max("pk"))["top"] or 0
    start = int(salted_hmac("payee-stand-in", number).hexdigest()[:12], 16) % (top + 1)
    accounts = PersonalAccount.objects.select_related("building").order_by("pk")
    return accounts.filter(pk__gte=start).first() or accounts.first()


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


def individual_of_account_number(number: str) -> User | None:
    """The individual's login that holds this (normalised) account number, if any."""
    return User.objects.filter(kind=User.Kind.INDIVIDUAL, personal_accounts__number=number).first()


def organisation_login_of_code(code: str, kind: str | None = None) -> User | None:
    """The organisation's login with this access code (any case), of `kind` if given."""
    users = User.objects.filter(organisation__access_code__iexact=code.strip())
    return (users.filter(kind=kind) if kind else users).first()


def building_by_address(*, typed: str) -> Building | None:
    """The register's building at an address as a person types it ("Ленина 12", "ул.
    Ленина, д. 12"), with its place on the map; None if none is known there."""
    words = address_words(typed)
    street = max((word for word in words if word.isalpha()), key=len, default=None)
    if street is None:
        return None
    candidates = (Building.objects.filter(address__icontains=street, latitude__isnull=False,
                                          longitude__isnull=False).order_by("address")[:200])
    return next((building for building in candidates
                 if set(words) <= set(address_words(building.address))), None)


def access_token_valid(*, plain: str) -> AccessToken | None:
    """The token a request names, if it is live: not revoked, not expired, of an active
    login."""
    return (AccessToken.objects.live().select_related("user")
            .filter(digest=AccessToken.digest_of(plain), user__is_active=True).first())


def access_tokens_for_user(*, user: User) -> list[AccessToken]:
    return list(AccessToken.objects.filter(user=user))
