"""Reporting a problem on an organisation's page: honeypot, timing, rate limit, e-mail."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.test import Client

from members.models import ProblemReport, Status
from tests.factories import make_editor, make_organisation, make_service

pytestmark = pytest.mark.django_db
URL = "/en/organisations/helpers/report/"
PAGE = "/en/organisations/helpers/"
START = dt.datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/Athens"))


@pytest.fixture
def organisation(settings):
    settings.COORDINATORS_EMAIL = ["coordinators@example.org"]
    return make_organisation(slug="helpers", name="Βοηθοί")


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def form_token(client, url=URL) -> str:
    page = client.get(url).content.decode()
    return re.search(r'name="started" value="([^"]+)"', page).group(1)


def send(client, token, url=URL, **fields):
    data = {"message": "The phone number is wrong.", "started": token, **fields}
    return client.post(url, data)


def test_page_shows_the_report_form_with_a_signed_start(client, organisation):
    page = client.get(URL).content.decode()
    assert 'id="report"' in page
    assert 'name="nickname"' in page  # the honeypot, hidden from people
    assert re.search(r'name="started" value="[^"]+:[^"]+"', page)


def test_a_report_is_saved_sent_and_redirected_with_thanks(client, organisation, clock):
    editor = make_editor(organisation, email="editor@example.org")
    make_editor(make_organisation(), email="other-editor@example.org")
    service = make_service(slug="svc", organisation=organisation)
    token = form_token(client)
    clock.shift(10)
    response = send(client, token, contact_email="visitor@example.org", service="svc")
    assert response.status_code == 302
    assert response["Location"] == PAGE
    report = ProblemReport.objects.get()
    assert (report.organisation, report.service) == (organisation, service)
    assert report.contact_email == "visitor@example.org"
    # One message to each: the coordinators and the organisation's editors (no one else).
    assert [m.to for m in mail.outbox] == [["coordinators@example.org"], [editor.email]]
    for notice in mail.outbox:
        assert "The phone number is wrong." in notice.body
        # The visitor's address stays in the database, out of mail and its logs.
        assert "visitor@example.org" not in notice.body
        assert "visitor@example.org" not in notice.subject
    followed = client.get(response["Location"]).content.decode()
    assert "Thank you. Your report has reached the ACCMR team" in followed


def test_a_report_does_not_log_the_visitors_address(client, organisation, clock, caplog):
    token = form_token(client)
    clock.shift(10)
    with caplog.at_level("DEBUG"):
        send(client, token, contact_email="visitor@example.org")
    assert ProblemReport.objects.count() == 1
    assert "visitor@example.org" not in caplog.text


def test_filled_honeypot_pretends_success_but_keeps_and_sends_nothing(client, organisation, clock):
    token = form_token(client)
    clock.shift(10)
    response = send(client, token, nickname="bot")
    assert response.status_code == 302
    assert ProblemReport.objects.count() == 0
    assert mail.outbox == []


def test_a_form_sent_within_seconds_is_refused(client, organisation, clock):
    token = form_token(client)
    clock.shift(1)
    response = send(client, token)
    assert response.status_code == 400
    assert "That was very quick" in response.content.decode()
    assert ProblemReport.objects.count() == 0


def test_a_forged_or_foreign_token_is_refused(client, organisation, clock):
    other = make_organisation(slug="other")
    foreign = form_token(client, "/en/organisations/other/report/")
    clock.shift(10)
    for token in ("not-a-token", foreign):
        response = send(client, token)
        assert "We could not check the form" in response.content.decode()
    assert other.problem_reports.count() == 0
    assert ProblemReport.objects.count() == 0


def test_an_expired_form_asks_to_send_again(client, organisation, clock):
    token = form_token(client)
    clock.shift(60 * 60 * 13)
    response = send(client, token)
    assert "open for a long time" in response.content.decode()
    assert ProblemReport.objects.count() == 0


def test_an_empty_or_too_long_message_is_refused(client, organisation, clock):
    token = form_token(client)
    clock.shift(10)
    assert send(client, token, message="").status_code == 400
    assert send(client, token, message="x" * 2001).status_code == 400
    assert send(client, token, contact_email="not-an-address").status_code == 400
    assert ProblemReport.objects.count() == 0


def test_a_field_error_is_also_summarised_above_the_form(client, organisation, clock):
    # Found by the browser journey: an empty message showed its error by the field only.
    token = form_token(client)
    clock.shift(10)
    for lang, heading in (("el", "Παρακαλούμε διορθώστε τα εξής"), ("en", "Please correct")):
        response = send(client, token, url=f"/{lang}/organisations/helpers/report/", message="")
        assert response.status_code == 400
        page = response.content.decode()
        summary = re.search(r'<div class="alert alert-danger" role="alert".*?</div>', page, re.S)
        assert summary, "no error summary"
        assert heading in summary.group(0)
        assert 'href="#id_message"' in summary.group(0)
        assert page.index('role="alert"') < page.index('name="message"')


def test_an_unknown_service_is_refused(client, organisation, clock):
    make_service(slug="elsewhere")  # another organisation's service
    token = form_token(client)
    clock.shift(10)
    response = send(client, token, service="elsewhere")
    assert response.status_code == 400
    assert ProblemReport.objects.count() == 0


def test_reports_are_rate_limited_per_address(client, organisation, clock):
    token = form_token(client)
    clock.shift(10)
    for _ in range(5):
        assert send(client, token).status_code == 302
    response = send(client, token)
    assert response.status_code == 429
    assert "several reports from your connection" in response.content.decode()
    assert ProblemReport.objects.count() == 5
    # Another address is not affected, and the limit lifts after an hour.
    other = client.post(URL, {"message": "x", "started": token}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302
    clock.shift(60 * 60 + 1)
    assert send(client, token).status_code == 302


def test_the_service_page_links_to_the_form_with_the_service_chosen(client, organisation):
    make_service(slug="svc", organisation=organisation)
    page = client.get("/en/services/svc/").content.decode()
    assert 'href="/en/organisations/helpers/report/?service=svc"' in page
    form_page = client.get(URL + "?service=svc").content.decode()
    assert '<option value="svc" selected>' in form_page


def test_no_report_on_a_draft_organisation(client, organisation, clock):
    organisation.status = Status.DRAFT
    organisation.save()
    response = client.post(URL, {"message": "x", "started": "y"})
    assert response.status_code == 404
    assert ProblemReport.objects.count() == 0


def test_the_form_carries_a_csrf_token_a_browser_can_send(organisation, clock):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(URL).content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    token = re.search(r'name="started" value="([^"]+)"', page).group(1)
    clock.shift(10)
    response = browser.post(
        URL, {"message": "Wrong address.", "started": token, "csrfmiddlewaretoken": csrf}
    )
    assert response.status_code == 302
    assert ProblemReport.objects.count() == 1
