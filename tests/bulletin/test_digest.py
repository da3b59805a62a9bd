"""The monthly digest: who gets it, in which language, once a month, and how to stop it."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from bulletin.digest import digest_send, unsubscribe_token
from bulletin.models import DigestDelivery, DigestPreference
from tests.factories import (
    make_activity,
    make_call,
    make_editor,
    make_news_post,
    make_organisation,
    make_publication,
)

pytestmark = pytest.mark.django_db

FIRST_WORKING_DAY = dt.date(2026, 12, 1)  # a Tuesday


@pytest.fixture
def world(org, editor, other_editor):
    """Two member editors, one editor of a non-member, one opted-out editor, some content."""
    make_editor(make_organisation(is_member=False), email="nonmember@example.org")
    quiet = make_editor(org, email="quiet@example.org")
    DigestPreference.objects.create(user=quiet, opted_out=True)
    DigestPreference.objects.create(user=other_editor, language="en")
    make_organisation(
        name="Νέο μέλος", name_en="New member", is_member=True, member_since=dt.date(2026, 11, 9)
    )
    make_call(
        organisation=org,
        title_el="Ζητούμε διερμηνείς",
        title_en="Interpreters needed",
        closes_on=FIRST_WORKING_DAY + dt.timedelta(days=10),
    )
    make_call(
        organisation=org,
        title_el="Μόνο για μέλη",
        visibility="members",
        closes_on=FIRST_WORKING_DAY + dt.timedelta(days=10),
    )
    publication = make_publication(title="Οδηγός Νοεμβρίου", title_en="November guide")
    publication.published_at = timezone.make_aware(dt.datetime(2026, 11, 20, 10))
    publication.save()
    january = timezone.make_aware(dt.datetime(2027, 1, 12, 18))
    make_activity(
        title="Βραδιά ποίησης", title_en="Poetry evening", organisation=org, starts_at=january
    )
    make_activity(title="Δεκεμβριανή δράση", organisation=org)  # tomorrow: not next month
    make_news_post(title="Νέα του Νοεμβρίου", title_en="November news", date=dt.date(2026, 11, 3))
    make_news_post(title="Παλιά νέα", date=dt.date(2026, 10, 3))


def test_every_subscribed_member_editor_gets_one_digest_in_their_language(world):
    assert digest_send(today=FIRST_WORKING_DAY) == 2
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"editor@example.org", "other@example.org"}
    greek, english = by_address["editor@example.org"], by_address["other@example.org"]
    assert "Δεκέμβριος 2026" in greek.subject or "Δεκεμβρίου 2026" in greek.subject
    assert "December 2026" in english.subject
    assert "Νέο μέλος" in greek.body and "New member" in english.body
    assert "Ζητούμε διερμηνείς" in greek.body and "Interpreters needed" in english.body
    assert "Μόνο για μέλη" in greek.body  # members-only calls are for members: them
    assert "November guide" in english.body
    assert "Poetry evening" in english.body and "Βραδιά ποίησης" in greek.body
    assert "Δεκεμβριανή δράση" not in greek.body
    assert "November news" in english.body and "Παλιά νέα" not in greek.body


def test_running_it_again_in_the_same_month_sends_nothing_more(world):
    assert digest_send(today=FIRST_WORKING_DAY) == 2
    assert digest_send(today=FIRST_WORKING_DAY + dt.timedelta(days=1)) == 0
    call_command("send_digest", date="2026-12-03")
    assert len(mail.outbox) == 2
    assert DigestDelivery.objects.filter(month=dt.date(2026, 12, 1)).count() == 2


def test_a_new_month_sends_again(world):
    digest_send(today=FIRST_WORKING_DAY)
    assert digest_send(today=dt.date(2027, 1, 4)) == 2  # 1 January a holiday, 2-3 a weekend


def test_nothing_is_sent_before_the_first_working_day(world):
    assert digest_send(today=dt.date(2027, 1, 1)) == 0
    assert digest_send(today=dt.date(2027, 1, 1), force=True) == 2


def test_each_digest_has_a_signed_unsubscribe_link_and_headers(world):
    digest_send(today=FIRST_WORKING_DAY)
    message = next(m for m in mail.outbox if m.to == ["editor@example.org"])
    header = message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(.+)>", header).group(1)
    assert url in message.body
    assert "/account/digest/unsubscribe/" in url


def test_one_click_unsubscribe_needs_no_log_in_and_stops_the_digest(client, world, editor):
    path = f"/el/account/digest/unsubscribe/{unsubscribe_token(editor)}/"
    page = client.get(path)  # link scanners follow GET links: GET changes nothing
    assert page.status_code == 200
    assert not DigestPreference.objects.filter(user=editor, opted_out=True).exists()
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert DigestPreference.objects.get(user=editor).opted_out
    assert digest_send(today=FIRST_WORKING_DAY) == 1
    assert mail.outbox[0].to == ["other@example.org"]


@pytest.mark.parametrize("token", ["forged", "eyJ1Ijo5OTl9:abc:def"])
def test_a_forged_unsubscribe_link_is_a_400(client, token):
    assert client.post(f"/en/account/digest/unsubscribe/{token}/").status_code == 400
    assert client.get(f"/en/account/digest/unsubscribe/{token}/").status_code == 400


def test_an_editor_chooses_the_language_or_stops_it_in_the_settings(editor_client, editor, world):
    response = editor_client.post("/en/my/digest/", {"receive": "", "language": "en"})
    assert response.status_code == 302
    assert DigestPreference.objects.get(user=editor).opted_out
    editor_client.post("/en/my/digest/", {"receive": "on", "language": "en"})
    preference = DigestPreference.objects.get(user=editor)
    assert not preference.opted_out and preference.language == "en"
    assert editor_client.post("/en/my/digest/", {"language": "tr"}).status_code == 400


def test_the_digest_queries_do_not_grow_with_recipients(world, django_assert_max_num_queries):
    for n in range(30):
        make_editor(make_organisation(is_member=True), email=f"many{n}@example.org")
    # Preferences, recipients, deliveries already sent; per language (2): new members,
    # activities (times, rows, languages, population groups), calls, publications, news;
    # then one INSERT (in a savepoint) per message.
    recipients = 32
    with django_assert_max_num_queries(3 + 2 * 8 + recipients * 3):
        assert digest_send(today=FIRST_WORKING_DAY) == recipients
