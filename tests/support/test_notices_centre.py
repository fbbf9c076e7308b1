"""The notices centre: the header counts the unread on every cabinet page (cached tabs
included), the list marks them read, one line per event, by login and by account."""

import re

from django.urls import reverse

from support.models import Notice
from support.notifications import Recipient, notices_queue
from tests.factories import PersonalAccountFactory


def _badge(page: str) -> str | None:
    found = re.search(r'Уведомления <span class="badge"[^>]*>(\d+)</span>', page)
    return found and found.group(1)


def _tell(user, key: str, *channels: str, kind: str = "question_answered", account=None):
    notices_queue(kind=kind, recipients=[
        Recipient(user.pk, channel, key=key, account_id=account and account.pk)
        for channel in channels])


def test_the_header_counts_new_notices_even_on_a_cached_tab(logged_in, owner):
    before = logged_in.get(reverse("cabinet")).content.decode()  # the tab is now cached

    _tell(owner, "answer:1", "cabinet", "email")
    _tell(owner, "answer:2", "cabinet")

    assert _badge(before) is None
    assert _badge(logged_in.get(reverse("cabinet")).content.decode()) == "2"
    assert _badge(logged_in.get(reverse("meters:meters")).content.decode()) == "2"


def test_the_list_shows_one_line_an_event_marks_them_new_then_read(logged_in, owner):
    _tell(owner, "answer:1", "cabinet", "email")
    logged_in.get(reverse("cabinet"))  # cached with the count

    page = logged_in.get(reverse("support:notices")).content.decode()

    assert page.count("<strong class=\"badge\">новое</strong>") == 1
    assert "Ответы на мои вопросы</td><td>Электронная почта, В личном кабинете</td>" in page
    assert not Notice.objects.filter(read_at__isnull=True).exists()
    assert _badge(logged_in.get(reverse("cabinet")).content.decode()) is None
    again = logged_in.get(reverse("support:notices")).content.decode()
    assert "новое" not in again


def test_notices_are_kept_by_account(logged_in, owner):
    first = owner.personal_accounts.get()
    second = PersonalAccountFactory(user=owner, number="02-7654321")
    _tell(owner, "debt:2026-12:account:1", "email", kind="debt_reminder", account=first)
    _tell(owner, "debt:2026-12:account:2", "email", kind="debt_reminder", account=second)
    _tell(owner, "tariff:1", "email", kind="tariff_change")  # the whole login

    everything = logged_in.get(reverse("support:notices")).content.decode()
    second_only = logged_in.get(reverse("support:notices"),
                                {"account": second.number}).content.decode()

    assert everything.count("<tr") == 4  # the head and three lines
    assert f"<td>{first.number}</td>" in everything
    assert second_only.count("<tr") == 3
    assert f"<td>{first.number}</td>" not in second_only
    assert f"<td>{second.number}</td>" in second_only


def test_another_logins_account_is_no_filter(logged_in, owner):
    stranger = PersonalAccountFactory(number="03-1111111")
    _tell(owner, "tariff:1", "email", kind="tariff_change")

    page = logged_in.get(reverse("support:notices"), {"account": stranger.number})

    assert page.status_code == 200
    assert "<td>03-1111111</td>" not in page.content.decode()
    assert "<td>—</td>" in page.content.decode()  # the login's own notice, unfiltered
