"""The audit trail: logins, failed logins, logouts and password changes leave rows."""

from django.urls import reverse

from tests.conftest import PASSWORD
from vodokanal.models import AuditEntry


def _actions():
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_a_login_and_a_logout_are_recorded_with_the_address(client, owner):
    number = owner.personal_accounts.get().number

    client.post(reverse("accounts:login"), {"account_number": number, "password": PASSWORD},
                REMOTE_ADDR="203.0.113.7")
    client.post(reverse("accounts:logout"))

    assert _actions() == ["accounts.login", "accounts.logout"]
    login = AuditEntry.objects.get(action="accounts.login")
    assert (login.actor, login.ip_address) == (owner, "203.0.113.7")


def test_a_failed_login_records_the_login_never_the_password(client, owner):
    number = owner.personal_accounts.get().number

    client.post(reverse("accounts:login"), {"account_number": number,
                                            "password": "Wrong-Secret-55"})

    entry = AuditEntry.objects.get(action="accounts.login_failed")
    assert entry.actor is None
    assert entry.data == {"login": f"user:{owner.username}"}  # one key however typed
    assert "Wrong-Secret-55" not in str(entry.data)


def test_a_password_change_is_recorded(client, owner):
    client.force_login(owner)
    new = "Vodokanal-New-Pass-42"

    client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new})

    entry = AuditEntry.objects.get(action="accounts.password_changed")
    assert entry.actor == owner
    assert new not in str(entry.data)


def test_the_trail_is_read_only_in_admin(admin_client):
    assert admin_client.get(reverse("admin:vodokanal_auditentry_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:vodokanal_auditentry_add")).status_code == 403
