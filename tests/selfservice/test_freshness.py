"""Freshness: reminders after six months, a public warning after nine, a list for coordinators."""

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from members.models import Organisation, Status
from tests.factories import make_editor, make_organisation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2031, 6, 1)
NOON = dt.datetime(2031, 6, 1, 9, 0, tzinfo=dt.UTC)


def run(*args) -> str:
    out = StringIO()
    call_command("send_freshness_reminders", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def stale_org(db):
    org = make_organisation(
        name="Παλιά εγγραφή", name_en="Old record", last_checked=TODAY - dt.timedelta(days=200)
    )
    make_editor(org, email="first@example.org")
    make_editor(org, email="second@example.org")
    make_editor(org, email="gone@example.org", is_active=False)
    return org


def test_editors_of_records_unconfirmed_for_six_months_get_one_email_each(stale_org):
    fresh = make_organisation(name="Φρέσκια", last_checked=TODAY - dt.timedelta(days=100))
    make_editor(fresh, email="fresh@example.org")
    with time_machine.travel(NOON):
        assert run() == "1 organisation(s) reminded.\n"
    assert sorted(m.to[0] for m in mail.outbox) == ["first@example.org", "second@example.org"]
    message = mail.outbox[0]
    assert "Παλιά εγγραφή" in message.subject and "Old record" in message.subject
    assert "/el/my/" in message.body and "/en/my/" in message.body
    assert "Everything is still correct" in message.body
    stale_org.refresh_from_db()
    assert stale_org.reminded_at == NOON


def test_reminders_repeat_at_most_every_thirty_days(stale_org):
    with time_machine.travel(NOON) as traveller:
        run()
        traveller.shift(dt.timedelta(days=1))
        run()
        assert len(mail.outbox) == 2
        traveller.shift(dt.timedelta(days=28))
        run()
        assert len(mail.outbox) == 2
        traveller.shift(dt.timedelta(days=1))
        run()
        assert len(mail.outbox) == 4


def test_the_interval_can_be_changed(stale_org):
    with time_machine.travel(NOON) as traveller:
        run("--every-days", "7")
        traveller.shift(dt.timedelta(days=7))
        run("--every-days", "7")
    assert len(mail.outbox) == 4
    with pytest.raises(CommandError):
        run("--every-days", "0")


def test_confirming_stops_the_reminders(stale_org, client):
    editor = stale_org.editor_memberships.first().user
    with time_machine.travel(NOON) as traveller:
        run()
        traveller.shift(dt.timedelta(days=40))
        client.force_login(editor)
        client.post(f"/el/my/organisations/{stale_org.pk}/confirm/")
        run()
    assert len(mail.outbox) == 2


def test_never_confirmed_records_are_stale_too(db):
    org = make_organisation(name="Ποτέ", last_checked=None)
    make_editor(org)
    with time_machine.travel(NOON):
        assert run() == "1 organisation(s) reminded.\n"


def test_drafts_and_organisations_without_editors_are_skipped(db):
    make_organisation(name="Χωρίς συντάκτη", last_checked=TODAY - dt.timedelta(days=400))
    draft = make_organisation(
        name="Πρόχειρο", status=Status.DRAFT, last_checked=TODAY - dt.timedelta(days=400)
    )
    make_editor(draft)
    with time_machine.travel(NOON):
        assert run() == "0 organisation(s) reminded.\n"
    assert mail.outbox == []


def test_dry_run_sends_nothing(stale_org):
    with time_machine.travel(NOON):
        assert run("--dry-run") == "1 organisation(s) would be reminded.\n"
    assert mail.outbox == []
    stale_org.refresh_from_db()
    assert stale_org.reminded_at is None


def test_a_reminder_is_not_a_change_in_the_history(stale_org):
    before = stale_org.history.count()
    with time_machine.travel(NOON):
        run()
    assert stale_org.history.count() == before


def test_record_is_outdated_for_the_public_after_nine_months():
    org = Organisation(last_checked=TODAY - dt.timedelta(days=274))
    assert not org.is_outdated(TODAY)
    org.last_checked = TODAY - dt.timedelta(days=275)
    assert org.is_outdated(TODAY)


def test_coordinators_see_the_stale_records(coordinator, stale_org, client):
    make_organisation(name="Φρέσκια", last_checked=TODAY - dt.timedelta(days=3))
    with time_machine.travel(NOON):
        client.force_login(coordinator)
        page = client.get("/admin/members/changerequest/stale/").content.decode()
    assert "Παλιά εγγραφή" in page and "Φρέσκια" not in page
