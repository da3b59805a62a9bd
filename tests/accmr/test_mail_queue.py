"""E-mail through the queue: retried with back-off, failures listed and resent, built by the
worker in the recipient's language, and the password reset and invitation kept safe."""

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from accmr import mail as queue_mail
from accmr.models import FailedEmail
from members import freshness, services
from members.models import Invitation
from tests.factories import make_coordinator, make_editor, make_organisation, make_user

pytestmark = pytest.mark.django_db

DOWN = {"value": 0}


class FlakyBackend(LocmemBackend):
    """A mail server that refuses the next DOWN["value"] messages, then accepts."""

    def send_messages(self, messages):
        if DOWN["value"] > 0:
            DOWN["value"] -= 1
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


@pytest.fixture
def flaky(settings):
    settings.EMAIL_BACKEND = "tests.accmr.test_mail_queue.FlakyBackend"
    settings.EMAIL_MAX_ATTEMPTS = 3
    DOWN["value"] = 0
    yield DOWN
    DOWN["value"] = 0


@pytest.fixture
def database_queue(settings, in_process_commands):
    """Tasks wait in the database for a worker, as in production (run here by run_worker)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_a_message_is_tried_again_until_the_mail_server_takes_it(flaky):
    flaky["value"] = 2

    queue_mail.send_email("accounts.password_reset", to=[make_user().email])

    assert len(mail.outbox) == 1
    assert not FailedEmail.objects.exists()


def test_a_message_that_fails_every_attempt_is_listed_on_the_dashboard_and_can_be_resent(
    client, flaky
):
    user = make_user(email="person@example.org")
    flaky["value"] = 3
    queue_mail.send_email("accounts.password_reset", to=[user.email])
    failed = FailedEmail.objects.get()
    assert (failed.attempts, failed.recipient) == (3, "person@example.org")
    assert "SMTPServerDisconnected" in failed.error
    assert mail.outbox == []

    client.force_login(make_coordinator())
    page = client.get("/admin/dashboard/").content.decode()
    assert "person@example.org" in page and "SMTPServerDisconnected" in page
    assert f'action="/admin/dashboard/emails/{failed.pk}/resend/"' in page

    response = client.post(f"/admin/dashboard/emails/{failed.pk}/resend/")
    assert response.status_code == 302
    assert not FailedEmail.objects.exists()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["person@example.org"]


def test_retries_wait_longer_each_time(settings):
    settings.EMAIL_RETRY_SECONDS = 60
    waits = [queue_mail.retry_delay(n) for n in (1, 2, 3, 4)]
    assert waits == [dt.timedelta(minutes=m) for m in (1, 4, 16, 64)]


def test_a_failed_attempt_waits_in_the_database_queue_before_the_next(
    flaky, database_queue, settings
):
    flaky["value"] = 1
    queue_mail.send_email("accounts.password_reset", to=[make_user().email])
    assert mail.outbox == []  # queued, not sent by the caller

    run_worker()
    assert mail.outbox == []
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs["args"][-1] == 2  # the second attempt
    assert retry.run_after > retry.enqueued_at + dt.timedelta(seconds=50)

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=retry.enqueued_at)
    run_worker()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("en", "Someone asked to set a new password", "Κάποιος ζήτησε"),
        ("el", "Κάποιος ζήτησε", "Someone asked to set a new password"),
    ],
)
def test_a_message_is_written_in_the_recipients_language(language, expected, absent):
    user = make_user(language=language)
    queue_mail.send_email("accounts.password_reset", to=[user.email])
    assert expected in mail.outbox[0].body and absent not in mail.outbox[0].body


def test_someone_whose_language_is_unknown_gets_greek_and_english():
    queue_mail.send_email("accounts.password_reset", to=[make_user(language="").email])
    body = mail.outbox[0].body
    assert "Κάποιος ζήτησε" in body and "Someone asked to set a new password" in body


def test_logging_in_remembers_the_language_for_e_mails(client):
    user = make_user(email="someone@example.org", password="Pistachio-Harbour-1974")
    client.post(
        "/en/account/login/",
        {"username": "someone@example.org", "password": "Pistachio-Harbour-1974"},
    )
    user.refresh_from_db()
    assert user.language == "en"


def test_the_message_is_built_when_the_worker_sends_it(database_queue):
    """A change made between queueing and sending is in the message: it is built late."""
    organisation = make_organisation(name="Παλιό όνομα", last_checked=None)
    editor = make_editor(organisation, language="el")
    freshness.freshness_remind()
    organisation.name_el = "Νέο όνομα"
    organisation.save()

    run_worker()

    assert mail.outbox[0].to == [editor.email]
    assert "Νέο όνομα" in mail.outbox[0].body


def test_password_reset_answers_the_same_way_and_does_the_same_work_for_any_address(
    client, database_queue
):
    make_user(email="known@example.org")
    answers = []
    for address in ("known@example.org", "nobody@example.org"):
        with CaptureQueriesContext(connection) as queries:
            response = client.post("/en/account/password/reset/", {"email": address})
        answers.append((response.status_code, response["Location"], len(queries)))
        # The request only queues: no account is looked up while the visitor waits.
        assert not any('"accmr_user"' in q["sql"] for q in queries.captured_queries)
    assert answers[0] == answers[1]
    assert mail.outbox == []

    run_worker()

    assert [m.to for m in mail.outbox] == [["known@example.org"]]


def test_the_queue_never_holds_an_invitation_token(database_queue):
    services.invitation_send(
        invitation=Invitation(email="new@example.org", organisation=make_organisation()),
        invited_by=None,
    )
    stored = str(DBTaskResult.objects.values_list("args_kwargs", flat=True).get())
    assert "new@example.org" in stored and "invitation" in stored

    run_worker()

    link = mail.outbox[0].body.split("/account/invitation/")[1].split("/")[0]
    assert link not in stored
    invitation = services.invitation_lookup(link)
    assert invitation is not None and invitation.is_usable()


def test_resending_an_invitation_makes_the_earlier_link_useless(client):
    invitation = Invitation(email="new@example.org", organisation=make_organisation())
    services.invitation_send(invitation=invitation, invited_by=None)
    first = mail.outbox[0].body.split("/account/invitation/")[1].split("/")[0]

    queue_mail.send_email("members.invitation", to=["new@example.org"], invitation_id=invitation.pk)
    second = mail.outbox[1].body.split("/account/invitation/")[1].split("/")[0]

    assert services.invitation_lookup(first) is None
    assert services.invitation_lookup(second).pk == invitation.pk


def test_resending_is_refused_to_people_outside_the_back_office(client):
    failed = FailedEmail.objects.create(
        kind="accounts.password_reset", recipient="a@example.org", attempts=3, error="x"
    )
    url = f"/admin/dashboard/emails/{failed.pk}/resend/"
    assert client.post(url).status_code == 302  # anonymous: to the log-in page
    client.force_login(make_editor(make_organisation()))
    assert client.post(url)["Location"].startswith("/admin/login/")
    client.force_login(make_user(is_staff=True))  # staff without the directory's permissions
    assert client.post(url).status_code == 403
    client.force_login(make_coordinator())
    assert client.get(url).status_code == 405
    assert FailedEmail.objects.filter(pk=failed.pk).exists()
    assert mail.outbox == []
