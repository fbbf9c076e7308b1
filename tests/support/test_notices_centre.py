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
    assert "Электронная почта, В личном кабинете:" in page  # one line, both channels
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

    assert everything.count('<li class="notice') == 3
    assert f"счёт {first.number}" in everything
    assert second_only.count('<li class="notice') == 2
    assert f"счёт {first.number}" not in second_only
    assert f"счёт {second.number}" in second_only


def test_another_logins_account_is_no_filter(logged_in, owner):
    stranger = PersonalAccountFactory(number="03-1111111")
    _tell(owner, "tariff:1", "email", kind="tariff_change")

    page = logged_in.get(reverse("support:notices"), {"account": stranger.number})

    assert page.status_code == 200
    assert "счёт 03-1111111" not in page.content.decode()
    assert page.content.decode().count('<li class="notice') == 1  # the login's own, unfiltered


def test_each_line_says_what_was_told_with_its_amount_and_link(logged_in, owner, bank):
    from decimal import Decimal

    from payments.models import PaymentOrder
    from support.models import Question

    order = PaymentOrder.objects.create(order_id="VK-notice-1", user=owner, gateway="acquiring",
                                        amount=Decimal("1250.50"))
    question = Question.objects.create(user=owner, topic="charges",
                                       text="Почему в ноябре начислено больше?",
                                       answer="Перерасчёт.", answered_at="2026-12-01T10:00:00Z")
    notices_queue(kind="payment_received", recipients=[
        Recipient(owner.pk, "cabinet", key=f"payment:{order.pk}", payload={"order": order.pk})])
    notices_queue(kind="question_answered", recipients=[
        Recipient(owner.pk, "cabinet", key=f"answer:{question.pk}",
                  payload={"question": question.pk})])

    page = logged_in.get(reverse("support:notices")).content.decode()

    assert "Оплата 1\xa0250,50\xa0₽ получена, спасибо." in page
    assert f'href="{reverse("payments:return", args=[order.order_id])}"' in page
    assert "На ваш вопрос «Почему в ноябре начислено больше?» ответили." in page
    assert f'href="{reverse("support:question", args=[question.pk])}"' in page


def test_the_account_filter_reads_as_a_list(logged_in, owner):
    second = PersonalAccountFactory(user=owner, number="01-3000000")

    page = logged_in.get(reverse("support:notices")).content.decode()

    first = owner.personal_accounts.exclude(pk=second.pk).get().number
    links = re.search(r"Счёт:(.*?)</nav>", page, re.S).group(1)
    text = " ".join(re.sub(r"<[^>]+>", "", links).split())
    assert text == f"все · {first} · 01-3000000"


def test_the_list_costs_the_same_queries_however_many_notices(logged_in, owner,
                                                              django_assert_max_num_queries):
    for n in range(40):
        _tell(owner, f"tariff:{n}", "email", kind="tariff_change")
        _tell(owner, f"answer:{n}", "cabinet", kind="question_answered")

    with django_assert_max_num_queries(16):
        logged_in.get(reverse("support:notices"))


def test_the_new_badge_reads_against_its_colour():
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "css" / "site.css").read_text()
    badge = re.search(r"\.badge \{[^}]*background: (#[0-9a-f]{6}); color: (#[0-9a-f]{3,6});",
                      css)

    def luminance(colour: str) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
        colour = colour if len(colour) == 7 else "#" + "".join(c * 2 for c in colour[1:])
        red, green, blue = (channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    lighter, darker = sorted(map(luminance, badge.groups()), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5  # WCAG AA for small text
