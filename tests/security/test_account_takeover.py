"""An open session is not enough to take a login over.

Whoever changes the e-mail takes the login (recovery links go there), so the change
needs the current password; and a password change voids every link still pending, for
an e-mail change as for a recovery, so that a link sent before it cannot undo it.
"""

import pytest

from tests.accounts.helpers import links_in
from tests.conftest import PASSWORD

NEW_PASSWORD = "Another-Long-Pass-42"


def _password_change(post):
    response = post("accounts:password_change", {"old_password": PASSWORD,
                                                 "new_password1": NEW_PASSWORD,
                                                 "new_password2": NEW_PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("password", ["", "Wrong-Password-1"], ids=["none", "wrong"])
def test_changing_the_email_takes_the_current_password(post, owner, mailoutbox, password):
    response = post("accounts:email_change", {"email": "new.address@example.com",
                                              "password": password})

    assert response.status_code == 200
    message = "Обязательное поле" if not password else "Пароль указан неверно"
    assert message in response.content.decode()
    assert mailoutbox == []


@pytest.mark.django_db
def test_a_password_change_voids_a_pending_email_link(logged_in, post, owner, mailoutbox):
    post("accounts:email_change", {"email": "thief@example.com", "password": PASSWORD})
    link = links_in(mailoutbox[0])[0]
    _password_change(post)

    response = logged_in.post(logged_in.get(link)["Location"])

    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.email != "thief@example.com"


@pytest.mark.django_db
def test_a_password_change_voids_a_pending_recovery_link(logged_in, post, owner, mailoutbox):
    post("accounts:recovery", {"identifier": owner.personal_accounts.get().number})
    link = links_in(mailoutbox[0])[0]
    _password_change(post)

    landing = logged_in.get(link)
    response = logged_in.post(landing["Location"], {"new_password1": "Thief-Long-Pass-77",
                                                    "new_password2": "Thief-Long-Pass-77"})

    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.check_password(NEW_PASSWORD)
