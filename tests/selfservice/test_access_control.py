"""Access control from the attacker's side: an editor of one organisation tries every
editor URL with every id they can guess, and forms naming other organisations' records."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from members import services
from members import urls as member_urls
from members.models import (
    ChangeRequest,
    Confirmation,
    Organisation,
    ProblemReport,
    Schedule,
    Service,
    Status,
)
from tests.factories import add_closure, make_location, make_organisation, make_service
from tests.selfservice.conftest import hours_post_data, organisation_post_data, service_post_data

pytestmark = pytest.mark.django_db

# Open to people without an account (an invitation's token is the key), and tested from the
# attacker's side in test_invitations.py.
OPEN_TO_ANYONE = {"invitation_accept"}
EDITOR_PATTERNS = [
    p
    for p in member_urls.urlpatterns
    if p.callback.__module__.startswith("members.editor.views.") and p.name not in OPEN_TO_ANYONE
]
# Which kind of id each editor URL takes. A new editor view must be added here, or
# test_every_editor_url_is_covered fails.
KIND = {
    "dashboard": None,
    "organisation_edit": "organisation",
    "organisation_confirm": "organisation",
    "pending_logo": "organisation",
    "service_create": "organisation",
    "service_edit": "service",
    "service_hours": "service",
    "service_status": "service",
    "service_closures": "service",
    "service_public_holidays": "service",
    "closure_delete": "closure",
    "change_withdraw": "change",
    "location_create": "organisation",
    "location_edit": "location",
    "confirmation_undo": "confirmation",
    "report_answer": "report",
}


def url_for(pattern, pk, lang="el") -> str:
    route = str(pattern.pattern)
    return f"/{lang}/" + route.replace("<int:pk>", str(pk))


def test_every_editor_url_is_covered():
    assert {p.name for p in EDITOR_PATTERNS} == set(KIND)


@pytest.fixture
def targets(other_org, editor):
    """Every id the attacker might try: other organisations' records and ids that do not exist."""
    draft_org = make_organisation(name="Πρόχειρη", slug="draft-org", status=Status.DRAFT)
    draft_service = make_service(organisation=draft_org, slug="draft-service")
    other_service = other_org.services.get()
    foreign_change = ChangeRequest.objects.create(
        organisation=other_org, service=other_service, proposed={"name_en": "x"}, previous={}
    )
    foreign_closure = add_closure(other_service, "2099-12-24")
    foreign_confirmation = Confirmation.objects.create(organisation=other_org, previous={})
    # Another organisation's report, forwarded to its editors; and one of the attacker's own
    # organisation that no coordinator forwarded yet (editors see forwarded reports only).
    foreign_report = ProblemReport.objects.create(
        organisation=other_org, message="Λάθος τηλέφωνο", forwarded_at=timezone.now()
    )
    unforwarded = ProblemReport.objects.create(
        organisation=editor.editor_memberships.get().organisation, message="Λάθος"
    )
    return {
        "organisation": [other_org.pk, draft_org.pk, 999_999],
        "service": [other_service.pk, draft_service.pk, 999_999],
        "change": [foreign_change.pk, 999_999],
        "closure": [foreign_closure.pk, 999_999],
        "location": [other_org.locations.get().pk, 999_999],
        "confirmation": [foreign_confirmation.pk, 999_999],
        "report": [foreign_report.pk, unforwarded.pk, 999_999],
    }


@pytest.mark.parametrize("pattern", EDITOR_PATTERNS, ids=lambda p: p.name)
def test_anonymous_visitors_are_sent_to_log_in_from_every_editor_url(client, pattern, service):
    ids = {"organisation": service.organisation_id, "service": service.pk, "change": 1}
    ids["closure"] = add_closure(service, "2099-12-24").pk
    ids["location"] = make_location(organisation=service.organisation).pk
    ids["confirmation"] = Confirmation.objects.create(
        organisation=service.organisation, previous={}
    ).pk
    ids["report"] = ProblemReport.objects.create(
        organisation=service.organisation, message="x", forwarded_at=timezone.now()
    ).pk
    kind = KIND[pattern.name]
    url = url_for(pattern, ids.get(kind, 0))
    redirected = 0
    for method in ("GET", "POST"):  # POST-only views too, by GET
        response = client.generic(method, url)
        if response.status_code == 405:
            # A method the route does not take is refused before the log-in redirect
            # (accmr.middleware.AllowedMethodsMiddleware).
            assert method not in response["Allow"], url
            continue
        assert response.status_code == 302, url
        assert response["Location"].startswith("/el/account/login/?next=")
        redirected += 1
    assert redirected, f"{url} took neither GET nor POST"


@pytest.mark.parametrize(
    "pattern", [p for p in EDITOR_PATTERNS if KIND[p.name]], ids=lambda p: p.name
)
@pytest.mark.parametrize("lang", ["el", "en"])
def test_other_organisations_records_are_404_by_get_and_post(
    editor_client, pattern, targets, service, lang
):
    bodies = []
    for pk in targets[KIND[pattern.name]]:
        url = url_for(pattern, pk, lang)
        response = editor_client.get(url)
        assert response.status_code in (404, 405), url
        got = response.status_code
        for data in (
            {},
            service_post_data(service, name_en="Hijacked"),
            hours_post_data([(0, "00:00", "23:00")], initial=0),
            {"status": "retired"},
            {"starts_on": "2099-01-02", "open_on_public_holidays": "on"},
            {"address_el": "Σόλωνος 1", "postcode": "10671", "answer": "Διορθώθηκε"},
        ):
            response = editor_client.post(url, data)
            if response.status_code == 405 and "POST" not in response["Allow"]:
                assert got == 404, url  # a read-only route (the pending logo): its GET is 404
                break
            assert response.status_code == 404, url
            body = response.content.decode()
            for code in ("el", "en"):  # the language switcher links to this very URL
                body = body.replace(url_for(pattern, pk, code), "URL")
            bodies.append(body)
    # An existing record of someone else looks exactly like a record that does not exist.
    assert len(set(bodies)) <= 1


def test_nothing_changed_after_the_attack(editor_client, targets, other_org):
    other_service = other_org.services.get()
    for pattern in EDITOR_PATTERNS:
        kind = KIND[pattern.name]
        for pk in targets.get(kind, [0]) if kind else [0]:
            data = service_post_data(other_service, name_en="X")
            data.update(starts_on="2099-01-02", open_on_public_holidays="on")
            data.update(address_el="Σόλωνος 1", postcode="10671", answer="Διορθώθηκε")
            editor_client.post(url_for(pattern, pk), data)
    assert ChangeRequest.objects.filter(organisation=other_org).count() == 1
    assert other_org.locations.get().address_el == "Αγίου Ισιδώρου 4"
    assert not ProblemReport.objects.exclude(editor_answer="").exists()
    assert not Confirmation.objects.filter(undone_at__isnull=False).exists()
    assert ChangeRequest.objects.get(organisation=other_org).state == ChangeRequest.State.PENDING
    other_org.refresh_from_db()
    assert other_org.last_checked is not None
    assert Service.objects.filter(organisation=other_org).count() == 1
    # Closures are published without review: none added, none removed, holidays unchanged.
    assert list(other_service.closures.values_list("starts_on", flat=True)) == [
        dt.date(2099, 12, 24)
    ]
    other_service.refresh_from_db()
    assert other_service.open_on_public_holidays is False


def test_dashboard_shows_only_my_organisations(editor_client, other_org, org):
    page = editor_client.get("/el/my/").content.decode()
    assert "Οργάνωση Α" in page
    assert "Ξένη οργάνωση" not in page and "Ξένη υπηρεσία" not in page


def test_a_location_of_another_organisation_is_refused_in_the_service_form(
    editor_client, service, other_org
):
    foreign_location = other_org.locations.get()
    response = editor_client.post(
        f"/en/my/services/{service.pk}/",
        service_post_data(service, locations=[foreign_location.pk]),
    )
    assert response.status_code == 400
    assert f"Select a valid choice. {foreign_location.pk} is not one of the available choices." in (
        response.content.decode()
    )
    assert not ChangeRequest.objects.filter(service=service).exists()


def test_a_location_of_another_organisation_is_refused_for_a_new_service(
    editor_client, org, service, other_org
):
    foreign_location = other_org.locations.get()
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/services/new/",
        service_post_data(service, locations=[foreign_location.pk], name_el="Νέα"),
    )
    assert response.status_code == 400
    assert f"Select a valid choice. {foreign_location.pk} is not one of the available choices." in (
        response.content.decode()
    )
    assert not Service.objects.filter(name_el="Νέα").exists()


def test_own_location_is_accepted(editor_client, org, service):
    own = make_location(organisation=org)
    response = editor_client.post(
        f"/en/my/services/{service.pk}/", service_post_data(service, locations=[own.pk])
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.get().proposed == {"locations": [own.pk]}


def test_fields_editors_may_not_change_are_ignored(editor_client, org, service, other_org):
    response = editor_client.post(
        f"/en/my/services/{service.pk}/",
        service_post_data(
            service,
            organisation=other_org.pk,
            status="published",
            slug="hijacked",
            last_checked="2000-01-01",
            name_en="Legal aid and more",
        ),
    )
    assert response.status_code == 302
    assert ChangeRequest.objects.get().proposed == {"name_en": "Legal aid and more"}
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/",
        organisation_post_data(org, is_trusted="on", status="published", staff_notes="x", type=99),
    )
    assert response.status_code in (200, 302)
    org.refresh_from_db()
    assert not org.is_trusted
    for change in ChangeRequest.objects.filter(service__isnull=True):
        assert set(change.proposed) <= {"description_el", "description_en", "name_en"}


def test_hours_cannot_be_moved_to_another_service_by_form_data(editor_client, service, other_org):
    other_service = other_org.services.get()
    data = hours_post_data([(0, "08:00", "10:00")], initial=0)
    data["service"] = other_service.pk
    editor_client.post(f"/en/my/services/{service.pk}/hours/", data)
    assert list(
        Schedule.objects.filter(service=other_service).values_list("weekday", flat=True)
    ) == [1]
    assert ChangeRequest.objects.get().service == service


def test_editors_cannot_reach_the_admin(editor_client):
    response = editor_client.get("/admin/members/changerequest/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_former_editor_loses_access(editor_client, editor, org, service):
    editor.editor_memberships.all().delete()
    assert editor_client.get(f"/el/my/services/{service.pk}/").status_code == 404
    assert editor_client.get(f"/el/my/organisations/{org.pk}/").status_code == 404


def test_every_post_needs_the_csrf_token(editor, org, service):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    change = ChangeRequest.objects.create(organisation=org, proposed={"phone": "1"}, previous={})
    closure = add_closure(service, "2099-12-24")
    ids = {"organisation": org.pk, "service": service.pk, "change": change.pk}
    ids["closure"] = closure.pk
    ids["location"] = make_location(organisation=org).pk
    confirmation = services.organisation_confirm(organisation=org, user=editor)
    ids["confirmation"] = confirmation.pk
    report = ProblemReport.objects.create(
        organisation=org, message="x", forwarded_at=timezone.now()
    )
    ids["report"] = report.pk
    data = {
        "service_closures": {"starts_on": "2099-12-28"},
        "service_public_holidays": {"open_on_public_holidays": "on"},
        "organisation_edit": organisation_post_data(org, phone="2"),
        "service_create": service_post_data(service, name_el="Νέα"),
        "service_edit": service_post_data(service, name_en="X"),
        "service_hours": hours_post_data([(0, "09:00", "10:00")]),
        "service_status": {"status": "closed"},
        "location_create": {"address_el": "Σόλωνος 1"},
        "location_edit": {"address_el": "Σόλωνος 1"},
        "report_answer": {"answer": "Διορθώθηκε"},
    }
    for pattern in EDITOR_PATTERNS:
        if KIND[pattern.name] is None:
            continue
        url = url_for(pattern, ids[KIND[pattern.name]])
        response = client.post(url, data.get(pattern.name, {}))
        if response.status_code == 405 and "POST" not in response["Allow"]:
            continue  # a read-only route (the pending logo) takes no POST at all
        assert response.status_code == 403, url
    assert client.post("/el/account/logout/").status_code == 403
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.PENDING
    assert ChangeRequest.objects.count() == 1
    assert Service.objects.count() == 1
    assert Organisation.objects.get(pk=org.pk).last_checked == org.last_checked
    assert list(service.closures.all()) == [closure]
    assert Confirmation.objects.get().undone_at is None
    assert ProblemReport.objects.get().editor_answer == ""
    assert Service.objects.get(pk=service.pk).open_on_public_holidays is False
