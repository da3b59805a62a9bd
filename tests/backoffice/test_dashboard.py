"""The coordinators' dashboard: its numbers, and a fixed number of queries."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import ChangeRequest, ProblemReport
from tests.factories import (
    make_municipality,
    make_organisation,
    make_service,
    make_structure,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 16)
RECENT = dt.date(2025, 3, 1)
OLD = dt.date(2024, 6, 1)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2025, 6, 16, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


def _build_world(extra_municipalities=0):
    city_hall = make_organisation(name="Δήμος Α", name_en="City A", last_checked=RECENT)
    kem = make_organisation(name="ΚΕΜ Α", name_en="", last_checked=OLD)  # English missing
    ngo = make_organisation(name="ΜΚΟ", name_en="NGO", status="draft", last_checked=None)
    make_service(organisation=city_hall, last_checked=RECENT, name_en="One")
    make_service(organisation=city_hall, last_checked=OLD, name_en="Two")
    make_service(organisation=kem, last_checked=RECENT, name_en="Three")
    make_service(organisation=kem, last_checked=RECENT, status="retired", name_en="Four")
    make_service(organisation=ngo, status="draft", last_checked=None)  # English missing
    municipality = make_municipality(name="Αθήνα", organisation=city_hall)
    make_structure(municipality=municipality, organisation=kem)
    make_structure(municipality=municipality, organisation=city_hall)  # counted once
    make_municipality(name="Βόλος")
    for n in range(extra_municipalities):
        other = make_municipality(name=f"Δήμος {n}")
        make_structure(municipality=other, organisation=make_organisation(last_checked=RECENT))
    ChangeRequest.objects.create(organisation=ngo, proposed={"name": "x"})
    ChangeRequest.objects.create(organisation=kem, proposed={"name": "y"})
    ChangeRequest.objects.create(organisation=kem, state=ChangeRequest.State.REVIEWED)
    ProblemReport.objects.create(organisation=kem, message="Wrong phone number")
    ProblemReport.objects.create(organisation=ngo, message="Closed")
    ProblemReport.objects.create(organisation=ngo, message="Old", resolved=True)


def test_the_dashboard_counts_what_coordinators_need(client, coordinator):
    _build_world()
    response = client.get("/admin/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    context = response.context
    assert {r["value"]: r["count"] for r in context["organisation_statuses"]} == {
        "draft": 1,
        "published": 2,
    }
    assert {r["value"]: r["count"] for r in context["service_statuses"]} == {
        "draft": 1,
        "published": 3,
        "closed": 0,
        "retired": 1,
    }
    assert context["pending_count"] == 2
    assert context["stale_count"] == 2  # checked a year ago, and never
    assert [o.name_el for o in context["stale_oldest"]] == ["ΜΚΟ", "ΚΕΜ Α"]
    assert context["organisations_english_missing"] == 1
    assert context["services_english_missing"] == 1
    assert context["reports_count"] == 2
    athens, volos = context["municipalities"]
    assert (athens.municipality.name_el, athens.services, athens.checked, athens.percent) == (
        "Αθήνα",
        3,
        2,
        67,
    )
    assert (volos.services, volos.checked, volos.percent) == (0, 0, None)
    html = response.content.decode()
    assert "2 proposed changes wait for review." in html
    assert "Wrong phone number" in html


def test_the_dashboard_is_linked_from_the_admin_home(client, coordinator):
    assert 'href="/admin/dashboard/"' in client.get("/admin/").content.decode()


def test_the_dashboard_makes_the_same_number_of_queries_for_many_rows(
    client, coordinator, django_assert_max_num_queries
):
    _build_world()
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/dashboard/")
    _build_world(extra_municipalities=25)
    # Session, user, user and group permissions (2), organisations and services by status
    # (2), pending changes (count, latest), stale (count, oldest), English missing (2),
    # reports (count, latest, by age), calls and publications waiting for review (2),
    # municipalities, structures, services per organisation, scheduled jobs' records,
    # failed e-mails (count, latest), and the session save (3): 26.
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/admin/dashboard/")
    assert len(response.context["municipalities"]) == 29
    assert len(few.captured_queries) <= 26


def test_people_without_directory_permissions_cannot_see_the_dashboard(client):
    from tests.factories import make_user

    client.force_login(make_user(is_staff=True))
    assert client.get("/admin/dashboard/").status_code == 403
