"""A visitor's problem report followed up by the coordinators: assigned, forwarded to the
organisation's editors (who answer under "My organisations"), answered to the visitor by
e-mail (the address never in a log), closed with a note; the dashboard counts open reports
by age, and counts missing English by the rule the editors are told by."""

import datetime as dt
import logging
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accmr import dashboard
from members.models import EditorMembership, ProblemReport, Service
from tests.factories import (
    logged_in_client,
    make_coordinator,
    make_editor,
    make_organisation,
    make_service,
)

pytestmark = pytest.mark.django_db

VISITOR = "visitor-address@example.net"


@pytest.fixture
def coordinator():
    return make_coordinator(email="coordinator@example.org")


@pytest.fixture
def admin_client(coordinator):
    return logged_in_client(coordinator)


@pytest.fixture
def org():
    return make_organisation(name="Οργάνωση Α", name_en="Organisation A")


@pytest.fixture
def editor(org):
    return make_editor(org, email="editor@example.org")


@pytest.fixture
def editor_client(editor):
    return logged_in_client(editor)


@pytest.fixture
def report(org):
    service = make_service(organisation=org, name="Νομική βοήθεια", slug="legal")
    return ProblemReport.objects.create(
        organisation=org, service=service, message="Το τηλέφωνο δεν απαντά.", contact_email=VISITOR
    )


def change_url(report) -> str:
    return f"/admin/members/problemreport/{report.pk}/change/"


def post(admin_client, report, **data):
    data.setdefault("assigned_to", "")
    data.setdefault("closing_note", "")
    return admin_client.post(change_url(report), data)


def test_the_whole_follow_up_never_logs_the_visitor_s_address(
    admin_client, editor_client, coordinator, editor, report, caplog
):
    caplog.set_level(logging.DEBUG)
    # Not forwarded yet: the editors do not see it on their page.
    assert "Το τηλέφωνο δεν απαντά." not in editor_client.get("/en/my/").content.decode()
    response = post(admin_client, report, assigned_to=coordinator.pk, forward="on")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.assigned_to == coordinator and report.forwarded_at
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Το τηλέφωνο δεν απαντά." in mail.outbox[0].body
    # The editor answers on "My organisations"; the assigned coordinator is told.
    page = editor_client.get("/en/my/").content.decode()
    assert f'id="report-{report.pk}"' in page and "Το τηλέφωνο δεν απαντά." in page
    mail.outbox.clear()
    response = editor_client.post(
        f"/en/my/reports/{report.pk}/answer/", {"answer": "Νέο: 2101112223."}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.editor_answer == "Νέο: 2101112223." and report.editor_answered_by == editor
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert "Νέο: 2101112223." in mail.outbox[0].body
    assert "Νέο: 2101112223." in admin_client.get(change_url(report)).content.decode()
    # The coordinator answers the visitor by e-mail, then closes with a note.
    mail.outbox.clear()
    post(
        admin_client, report, assigned_to=coordinator.pk, answer_visitor="Διορθώθηκε, ευχαριστούμε."
    )
    assert [m.to for m in mail.outbox] == [[VISITOR]]
    assert "Διορθώθηκε, ευχαριστούμε." in mail.outbox[0].body
    report.refresh_from_db()
    assert report.reply == "Διορθώθηκε, ευχαριστούμε." and report.replied_at
    post(admin_client, report, assigned_to=coordinator.pk, close="on", closing_note="Νέο τηλέφωνο.")
    report.refresh_from_db()
    assert report.resolved and report.closing_note == "Νέο τηλέφωνο."
    assert report.closed_by == coordinator and report.contact_email == ""
    # Closed: it leaves the editors' page, and the address was never written to a log.
    assert "Το τηλέφωνο δεν απαντά." not in editor_client.get("/en/my/").content.decode()
    assert VISITOR not in caplog.text


def test_closing_needs_a_note_and_answering_needs_an_address(admin_client, org, report):
    response = post(admin_client, report, close="on")
    assert response.status_code == 400
    assert "Write a short note" in response.content.decode()
    silent = ProblemReport.objects.create(organisation=org, message="Χωρίς e-mail.")
    response = post(admin_client, silent, answer_visitor="Γεια σας")
    assert "The visitor left no e-mail address" in response.content.decode()
    assert not mail.outbox
    report.refresh_from_db()
    assert not report.resolved


def test_forwarding_to_an_organisation_without_editors_says_so(admin_client, report):
    response = post(admin_client, report, forward="on")
    page = admin_client.get(response["Location"]).content.decode()
    assert "has no editor yet" in page


def test_a_closed_report_leaves_the_next_report_s_follow_up_enabled(admin_client, org, report):
    # Opening a closed report disables its follow-up fields; that must not stick to the form
    # for every report shown after it by the same process.
    closed = ProblemReport.objects.create(
        organisation=org, message="Άλλο.", resolved=True, closing_note="Έγινε."
    )
    closed_page = admin_client.get(change_url(closed)).content.decode()
    assert re.search(r'<input[^>]*name="forward"[^>]*disabled', closed_page)
    open_page = admin_client.get(change_url(report)).content.decode()
    assert re.search(r'<input[^>]*name="forward"', open_page)
    assert not re.search(r'<input[^>]*name="forward"[^>]*disabled', open_page)


def test_the_actions_assign_to_me_and_forward(admin_client, coordinator, editor, report):
    changelist = "/admin/members/problemreport/"
    admin_client.post(changelist, {"action": "assign_to_me", "_selected_action": [report.pk]})
    admin_client.post(changelist, {"action": "forward_to_editors", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.assigned_to == coordinator and report.forwarded_at
    assert [m.to for m in mail.outbox] == [[editor.email]]


def test_an_editor_answers_only_forwarded_reports_of_their_organisations(
    editor_client, org, report
):
    url = f"/en/my/reports/{report.pk}/answer/"
    assert editor_client.post(url, {"answer": "x"}).status_code == 404  # not forwarded
    ProblemReport.objects.filter(pk=report.pk).update(forwarded_at=timezone.now())
    assert editor_client.get(url).status_code == 405
    response = editor_client.post(url, {"answer": ""})
    assert response.status_code == 302
    assert "Write your answer first." in editor_client.get(response["Location"]).content.decode()
    other = ProblemReport.objects.create(
        organisation=make_organisation(), message="Ξένο", forwarded_at=timezone.now()
    )
    assert (
        editor_client.post(f"/en/my/reports/{other.pk}/answer/", {"answer": "x"}).status_code == 404
    )
    other.refresh_from_db()
    assert other.editor_answer == ""


def test_the_dashboard_counts_open_reports_by_age(admin_client, org):
    now = dt.datetime(2025, 6, 16, 10, 0, tzinfo=dt.UTC)
    for days in (0, 6, 7, 30, 31, 90):
        with time_machine.travel(now - dt.timedelta(days=days), tick=False):
            ProblemReport.objects.create(organisation=org, message=f"{days}")
    with time_machine.travel(now - dt.timedelta(days=100), tick=False):
        ProblemReport.objects.create(organisation=org, message="closed", resolved=True)
    with time_machine.travel(now, tick=False):
        assert dashboard.reports_by_age(timezone.localdate()) == {"new": 2, "month": 2, "old": 2}
        page = admin_client.get("/admin/dashboard/").content.decode()
        assert "Open reports by age" in page
        listed = admin_client.get("/admin/members/problemreport/?resolved__exact=0&age=old")
        assert listed.context["cl"].result_count == 2


def test_missing_english_is_counted_as_the_editors_are_told(editor_client, org, editor):
    # Greek name, no English name: missing. Greek eligibility without English: missing
    # (the editors' page once looked only at names and descriptions). No Greek description
    # and so no English one: nothing to translate.
    second = make_organisation(name="Δεύτερη", name_en="")
    EditorMembership.objects.create(user=editor, organisation=second)
    make_service(organisation=org, name="Α", name_en="A", description_el="Κ", description_en="T")
    make_service(
        organisation=org, name="Β", name_en="B", slug="b", eligibility_el="Όλοι", eligibility_en=""
    )
    make_service(organisation=org, name="Γ", name_en="C", slug="c")  # no description at all
    make_service(organisation=second, name="Δ", name_en="", slug="d")
    counts = dashboard.collect()
    page = editor_client.get("/en/my/").content.decode()
    badges = page.count("english-missing")
    assert counts["organisations_english_missing"] == 1
    assert counts["services_english_missing"] == 2
    assert badges == counts["organisations_english_missing"] + counts["services_english_missing"]
    assert Service.objects.count() == 4
