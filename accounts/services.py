"""Writes to logins and the register. Every change leaves an audit row."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from vodokanal.audit import audit_record
from vodokanal.throttle import mail_allowed

from . import sql, tasks
from .cabinet import cabinets_changed
from .matching import address_matches, holder_matches
from .models import AccessToken, Building, Organisation, PersonalAccount, User
from .signals import login_opened, login_password_replaced, phone_removed
from .tokens import EmailChangeClaim, InvalidToken, RegistrationClaim, recovery_token_valid


@dataclass(frozen=True)
class AccountProof:
    """What a person gives to show an account is theirs, as on the receipt."""

    number: str
    address: str
    last_name: str
    first_name: str
    middle_name: str


class ProofOutcome(Enum):
    ACCEPTED = "accepted"
    NO_MATCH = "no_match"  # no such number, or the name or the address differ: one answer
    REGISTERED = "registered"  # the account already has a login (someone else's)
    ALREADY_YOURS = "already_yours"
    LIMIT_REACHED = "limit_reached"  # too many tries, or the e-mail has had its links


def _account_by_proof(proof: AccountProof, *, lock: bool = False) -> PersonalAccount | None:
    accounts = PersonalAccount.objects.select_related("building").filter(number=proof.number)
    account = (accounts.select_for_update(of=("self",)) if lock else accounts).first()
    if account is None:
        return None
    names = {"last_name": proof.last_name, "first_name": proof.first_name,
             "middle_name": proof.middle_name}
    if holder_matches(account, **names) and address_matches(account, address=proof.address):
        return account
    return None


def account_registration_start(*, proof: AccountProof, email: str) -> ProofOutcome:
    """Check the proof; when it holds, e-mail a link to set the password (after commit).

    Nothing is stored yet: the login is made when the link is used, so a mistyped
    e-mail leaves the account free to register again.
    """
    account = _account_by_proof(proof)
    if account is None:
        return ProofOutcome.NO_MATCH
    if account.user_id is not None:
        return ProofOutcome.REGISTERED
    # Counted only once the proof holds: a resident who mistypes a name is not held back.
    if not mail_allowed(email):
        return ProofOutcome.LIMIT_REACHED
    audit_record(action="accounts.registration_requested", number=account.number)
    tasks.send_email_registration_link.delay_on_commit(account.pk, email)
    return ProofOutcome.ACCEPTED


@transaction.atomic
def account_registration_complete(*, claim: RegistrationClaim, password: str) -> User:
    """Make the login the link promised; a second use finds the account taken."""
    account = (PersonalAccount.objects.select_for_update()
               .filter(pk=claim.account_id, user__isnull=True).first())
    if account is None:
        raise InvalidToken
    user = User(username=_free_username(f"account-{account.number}"), email=claim.email,
                kind=User.Kind.INDIVIDUAL, first_name=account.first_name,
                last_name=account.last_name)
    user.set_password(password)
    user.save()
    _personal_account_bind(account, user)
    login_opened.send(sender=User, user=user)
    audit_record(action="accounts.registered", actor=user, number=account.number)
    return user


def _free_username(wanted: str) -> str:
    if not User.objects.filter(username=wanted).exists():
        return wanted
    return f"{wanted}-{get_random_string(6).lower()}"


def _personal_account_bind(account: PersonalAccount, user: User) -> None:
    account.user = user
    account.registered_at = timezone.now()
    account.save(update_fields=["user", "registered_at"])


@transaction.atomic
def personal_account_link(*, user: User, proof: AccountProof) -> ProofOutcome:
    """Add another account to a login, with the same proof as at registration."""
    account = _account_by_proof(proof, lock=True)
    if account is None:
        return ProofOutcome.NO_MATCH
    if account.user_id == user.pk:
        return ProofOutcome.ALREADY_YOURS
    if account.user_id is not None:
        return ProofOutcome.REGISTERED
    _personal_account_bind(account, user)
    audit_record(action="accounts.account_linked", actor=user, number=account.number)
    return ProofOutcome.ACCEPTED


def password_recovery_request(*, identifier: str) -> None:
    """Queue the lookup and the e-mail; the caller answers the same whatever matched."""
    tasks.send_email_password_recovery.delay_on_commit(identifier.strip())


@transaction.atomic
def password_recovery_complete(*, account_id: int, token: str, password: str) -> User:
    user = User.objects.select_for_update().filter(
        personal_accounts__pk=account_id, kind=User.Kind.INDIVIDUAL, is_active=True).first()
    if user is None or not recovery_token_valid(user=user, token=token):
        raise InvalidToken
    user.set_password(password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(action="accounts.password_recovered", actor=user)
    return user


@transaction.atomic
def password_change(*, user: User, new_password: str) -> None:
    """Set a new password. Every other session of this user ends with the old hash, and so
    do the links it has pending: recovery and e-mail change tokens are bound to the hash."""
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_record(action="accounts.password_changed", actor=user)


def password_replaced(*, user: User) -> None:
    """Whatever set the new password: the API tokens end (sessions already do, with the old
    hash), the apps drop what they keep for the login (push devices), and the owner is told
    (a login that has never been used has nobody to tell yet)."""
    revoked = AccessToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if revoked:
        audit_record(action="accounts.tokens_revoked", actor=user, reason="password",
                     tokens=revoked)
    login_password_replaced.send(sender=User, user=user)
    if user.email and user.last_login is not None:
        tasks.send_email_password_changed.delay_on_commit(user.pk)


def email_change_request(*, user: User, new_email: str) -> None:
    """The new address counts only once its owner opens the link sent to it."""
    audit_record(action="accounts.email_change_requested", actor=user)
    tasks.send_email_change_confirmation.delay_on_commit(user.pk, new_email)


@transaction.atomic
def email_change_confirm(*, claim: EmailChangeClaim) -> User:
    user = User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
    if user is None or not claim.still_valid_for(user):  # used, or the password changed
        raise InvalidToken
    old_email = user.email
    user.email = claim.new_email
    user.save(update_fields=["email"])
    audit_record(action="accounts.email_changed", actor=user)
    if old_email:  # the owner hears of it at the old address, in case it was not them
        tasks.send_email_changed_notice.delay_on_commit(user.pk, old_email)
    return user


@transaction.atomic
def phone_change(*, user: User, phone) -> None:
    user.phone = phone or ""
    user.save(update_fields=["phone"])
    if not phone:
        phone_removed.send(sender=User, user=user)
    audit_record(action="accounts.phone_changed", actor=user)


@dataclass(frozen=True)
class IssuedAccess:
    """What the letter prints. The password exists in plain text only here, once."""

    organisation: Organisation
    access_code: str
    password: str


_CODE_PREFIX = {Organisation.Kind.LEGAL_ENTITY: "UL", Organisation.Kind.MANAGEMENT_COMPANY: "UK"}
# No 0/O, 1/l/I: the letter is typed in by hand.
_UNAMBIGUOUS_CHARACTERS = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@transaction.atomic
def organisation_access_issue(*, organisation: Organisation, issued_by: User) -> IssuedAccess:
    """Give an organisation its access code (kept if it has one) and a new initial password.

    The first login with it must choose a new password; any earlier password stops working.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.access_code:
        organisation.access_code = _free_access_code(organisation.kind)
        organisation.save(update_fields=["access_code"])
    password = "-".join(get_random_string(4, _UNAMBIGUOUS_CHARACTERS) for _ in range(3))
    user = User.objects.filter(organisation=organisation).first() or User(
        username=_free_username(f"org-{organisation.access_code}"),
        kind=User.Kind(organisation.kind), organisation=organisation, email=organisation.email)
    user.set_password(password)
    user.must_change_password = True
    user.is_active = True
    user.save()
    login_opened.send(sender=User, user=user)
    audit_record(action="accounts.access_issued", actor=issued_by,
                 organisation=organisation.pk, access_code=organisation.access_code)
    return IssuedAccess(organisation=organisation, access_code=organisation.access_code,
                        password=password)


def _free_access_code(kind: str) -> str:
    while True:
        code = f"{_CODE_PREFIX[kind]}-{secrets.randbelow(900000) + 100000}"
        if not Organisation.objects.filter(access_code=code).exists():
            return code


def register_import(*, model: type[Building | PersonalAccount], columns: list[str],
                    rows_sql: str, params: list) -> int:
    """The billing import's buildings or accounts (`rows_sql` selects them from its staged
    file): written in its transaction, and every cabinet shows them at once."""
    written = sql.register_rows_upsert(model=model, columns=columns, rows_sql=rows_sql,
                                       params=params)
    if written:
        cabinets_changed()  # names and addresses are on every cabinet's pages
    return written


ACCESS_TOKEN_PREFIX = "pat_"  # noqa: S105 - a marker of what the token is, not a secret


@dataclass(frozen=True)
class IssuedToken:
    """What the page shows once: the token itself exists in plain text only here."""

    token: AccessToken
    plain: str


class TokenRefused(Exception):
    """Not made; the message says why, for the resident."""


def access_token_issue(*, user: User, name: str, scopes: list[str], days: int) -> IssuedToken:
    """At most ACCESS_TOKENS_PER_LOGIN live tokens, each for at most ACCESS_TOKEN_DAYS; the
    owner is mailed of each (a token made by someone in an open session is seen)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one at a time
        if AccessToken.objects.live().filter(user=user).count() >= settings.ACCESS_TOKENS_PER_LOGIN:
            raise TokenRefused(_("You have %(count)s live tokens, the most there can be. "
                                 "Revoke one you no longer use first.")
                               % {"count": settings.ACCESS_TOKENS_PER_LOGIN})
        plain = ACCESS_TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = AccessToken.objects.create(
            user=user, name=name, prefix=plain[:10], digest=AccessToken.digest_of(plain),
            scopes=sorted(set(scopes)),
            expires_at=timezone.now() + timedelta(days=min(days, settings.ACCESS_TOKEN_DAYS)))
        audit_record(action="accounts.token_issued", actor=user, token=token.pk,
                     scopes=token.scopes)
        if user.email:
            tasks.send_email_token_issued.delay_on_commit(token.pk)
    return IssuedToken(token, plain)


def access_token_revoke(*, user: User, pk: int) -> bool:
    """False when the login has no such token (another login's is not found either)."""
    token = AccessToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        return False
    if AccessToken.objects.filter(pk=pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()):
        audit_record(action="accounts.token_revoked", actor=user, token=pk)
    return True
