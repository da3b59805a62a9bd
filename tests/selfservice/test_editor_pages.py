"""The editor's dashboard and forms: changes are proposed, never written to live records."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from members.models import ChangeRequest, Organisation, Service, ServiceStatus
from tests.factories import make_category, make_location, make_service
from tests.selfservice.conftest import organisation_post_data, service_post_data

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# Dashboard
# ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/en/my/")
    assert response.status_code == 302
    assert response["Location"] == "/en/account/login/?next=/en/my/"


@pytest.mark.parametrize(
    ("lang", "heading"), [("el", "Οι οργανώσεις μου"), ("en", "My organisations")]
)
def test_dashboard_lists_my_organisations_with_their_services(
    editor_client, org, service, lang, heading
):
    response = editor_client.get(f"/{lang}/my/")
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page
    assert ("Οργάνωση Α" if lang == "el" else "Organisation A") in page
    assert ("Νομική βοήθεια" if lang == "el" else "Legal aid") in page
    assert f"/{lang}/my/services/{service.pk}/hours/" in page


def test_dashboard_shows_freshness_and_warns_when_stale(editor_client, org):
    today = timezone.localdate()
    Organisation.objects.filter(pk=org.pk).update(last_checked=today - dt.timedelta(days=12))
    page = editor_client.get("/en/my/").content.decode()
    assert "(12 days ago)" in page
    assert "more than six months" not in page
    Organisation.objects.filter(pk=org.pk).update(last_checked=today - dt.timedelta(days=200))
    page = editor_client.get("/en/my/").content.decode()
    assert "(200 days ago)" in page
    assert "Not confirmed for more than six months" in page
    Organisation.objects.filter(pk=org.pk).update(last_checked=today - dt.timedelta(days=300))
    page = editor_client.get("/en/my/").content.decode()
    assert "may be out of date" in page


def test_dashboard_marks_missing_english(editor_client, org):
    # No description at all: nothing to translate (the coordinators' dashboard agrees).
    assert "English missing" not in editor_client.get("/en/my/").content.decode()
    Organisation.objects.filter(pk=org.pk).update(description_el="Κείμενο")
    assert "English missing" in editor_client.get("/en/my/").content.decode()  # no description_en
    Organisation.objects.filter(pk=org.pk).update(description_en="Text")
    assert "English missing" not in editor_client.get("/en/my/").content.decode()


def test_dashboard_shows_greek_names_marked_as_greek_on_english_pages(editor_client, org):
    Organisation.objects.filter(pk=org.pk).update(name_en="")
    page = editor_client.get("/en/my/").content.decode()
    assert '<span lang="el">Οργάνωση Α</span>' in page
    assert "(in Greek)" in page


def test_dashboard_query_count_does_not_grow_with_services(
    editor_client, org, django_assert_max_num_queries
):
    # session, user, organisations, services, locations, change requests, forwarded
    # reports, today's confirmations (+ savepoints/session save)
    make_service(organisation=org)
    with django_assert_max_num_queries(13):
        assert editor_client.get("/el/my/").status_code == 200
    for _ in range(15):
        make_service(organisation=org)
    with django_assert_max_num_queries(13):
        assert editor_client.get("/el/my/").status_code == 200


# ---------------------------------------------------------------------------
# Organisation profile
# ---------------------------------------------------------------------------


def test_profile_form_has_greek_and_english_side_by_side_with_lang_attributes(editor_client, org):
    Organisation.objects.filter(pk=org.pk).update(description_el="Κείμενο.")
    page = editor_client.get(f"/en/my/organisations/{org.pk}/").content.decode()
    assert 'name="name_el"' in page and 'name="name_en"' in page
    assert 'lang="el"' in page and 'lang="en"' in page
    assert page.count('class="col-md-6"') >= 4  # two columns on desktop, stacked on phones
    assert "Description (Greek)" in page and "Description (English)" in page
    assert "English missing" in page  # description_en is empty


def test_profile_change_is_proposed_and_the_live_record_stays(editor_client, editor, org):
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/",
        organisation_post_data(org, description_en="We help with papers.", phone="210 0000000"),
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.description_en == "" or org.description_en is None
    assert org.phone == ""
    change = ChangeRequest.objects.get()
    assert change.state == ChangeRequest.State.PENDING
    assert change.service is None
    assert change.submitted_by == editor
    # Only the fields that changed, with the live values of then.
    assert change.proposed == {
        "description_el": "Περιγραφή.",
        "description_en": "We help with papers.",
        "phone": "+302100000000",  # as it will be stored: E.164
    } or change.proposed == {"description_en": "We help with papers.", "phone": "+302100000000"}
    assert change.previous["phone"] == ""
    # The coordinators hear of it.
    assert mail.outbox and mail.outbox[0].to == ["info@accmr.gr"]


def test_profile_form_shows_what_is_pending_and_a_second_edit_updates_the_same_proposal(
    editor_client, org
):
    Organisation.objects.filter(pk=org.pk).update(description_el="Περιγραφή.")
    org.refresh_from_db()
    editor_client.post(
        f"/en/my/organisations/{org.pk}/", organisation_post_data(org, description_en="First try.")
    )
    page = editor_client.get(f"/en/my/organisations/{org.pk}/").content.decode()
    assert "First try." in page
    assert "waiting for review" in page
    editor_client.post(
        f"/en/my/organisations/{org.pk}/",
        organisation_post_data(org, description_en="Second try.", website="https://a.example"),
    )
    change = ChangeRequest.objects.get(state=ChangeRequest.State.PENDING)
    assert change.proposed == {"description_en": "Second try.", "website": "https://a.example"}
    # Putting everything back as it is live withdraws the proposal.
    editor_client.post(f"/en/my/organisations/{org.pk}/", organisation_post_data(org))
    assert not ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING).exists()


@pytest.mark.parametrize(
    ("lang", "message"),
    [("el", "Αυτό το πεδίο είναι απαραίτητο."), ("en", "This field is required.")],
)
def test_greek_is_required_with_errors_at_the_top_and_next_to_the_field(
    editor_client, org, lang, message
):
    Organisation.objects.filter(pk=org.pk).update(description_el="Περιγραφή.")
    org.refresh_from_db()
    response = editor_client.post(
        f"/{lang}/my/organisations/{org.pk}/", organisation_post_data(org, description_el="")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page
    assert 'href="#id_description_el"' in page
    assert page.count(message) >= 2  # in the summary and next to the field
    assert not ChangeRequest.objects.exists()


def test_english_without_greek_is_refused(editor_client, org):
    data = organisation_post_data(org, description_el="", description_en="Only English")
    response = editor_client.post(f"/en/my/organisations/{org.pk}/", data)
    assert "Write the Greek text first" in response.content.decode()


def test_trusted_organisation_publishes_at_once_and_the_change_is_recorded(
    editor_client, editor, org
):
    Organisation.objects.filter(pk=org.pk).update(is_trusted=True, description_el="Παλιά.")
    org.refresh_from_db()
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/", organisation_post_data(org, description_el="Νέα.")
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.description_el == "Νέα."
    change = ChangeRequest.objects.get()
    assert change.state == ChangeRequest.State.REVIEWED
    assert change.decisions["description_el"]["decision"] == "accepted"
    assert change.previous == {"description_el": "Παλιά."}
    record = org.history.first()
    assert record.history_user == editor
    assert record.description_el == "Νέα."
    assert mail.outbox == []  # nothing for coordinators to do


def test_everything_is_still_correct_confirms_the_organisation_and_its_services(
    editor_client, editor, org, service
):
    old = timezone.localdate() - dt.timedelta(days=300)
    Organisation.objects.filter(pk=org.pk).update(last_checked=old)
    Service.objects.filter(pk=service.pk).update(last_checked=old)
    with time_machine.travel(dt.datetime(2031, 3, 4, 10, 0, tzinfo=dt.UTC)):
        editor_client.force_login(editor)  # the session from before the travel has expired
        assert editor_client.get(f"/el/my/organisations/{org.pk}/confirm/").status_code == 405
        response = editor_client.post(f"/el/my/organisations/{org.pk}/confirm/")
    assert response.status_code == 302
    org.refresh_from_db()
    service.refresh_from_db()
    assert org.last_checked == dt.date(2031, 3, 4)
    assert service.last_checked == dt.date(2031, 3, 4)
    assert org.history.first().history_user == editor


# ---------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------


def test_service_edit_is_proposed_and_public_page_keeps_the_old_text(
    editor_client, service, client
):
    response = editor_client.post(
        f"/en/my/services/{service.pk}/", service_post_data(service, name_en="Legal help")
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.name_en == "Legal aid"
    change = ChangeRequest.objects.get()
    assert change.service == service
    assert change.proposed == {"name_en": "Legal help"}


def test_adding_a_service_makes_a_private_draft_and_asks_to_publish_it(editor_client, org, client):
    category = make_category()
    location = make_location(organisation=org)
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/services/new/",
        {
            "name_el": "Μαθήματα ελληνικών",
            "name_en": "Greek lessons",
            "description_el": "Για ενήλικες.",
            "category": category.pk,
            "locations": [location.pk],
            "access_walk_in": "on",
        },
    )
    service = Service.objects.get(name_el="Μαθήματα ελληνικών")
    assert response.status_code == 302
    assert response["Location"] == f"/en/my/services/{service.pk}/hours/"
    assert service.status == ServiceStatus.DRAFT
    assert service.slug == "greek-lessons"
    assert list(service.locations.all()) == [location]
    change = ChangeRequest.objects.get()
    assert change.proposed == {"status": "published"} and change.previous == {"status": "draft"}
    assert client.get(f"/en/services/{service.slug}/").status_code == 404


def test_greek_only_names_get_a_latin_slug(editor_client, org):
    editor_client.post(
        f"/el/my/organisations/{org.pk}/services/new/",
        {
            "name_el": "Ψυχοκοινωνική στήριξη",
            "description_el": "Κείμενο.",
            "category": make_category().pk,
        },
    )
    assert Service.objects.get(name_el="Ψυχοκοινωνική στήριξη").slug == "psychokoinoniki-stirixi"


def test_a_draft_is_edited_directly(editor_client, org):
    draft = make_service(
        organisation=org, status=ServiceStatus.DRAFT, name_en="Draft", description_el="Κείμενο."
    )
    response = editor_client.post(
        f"/en/my/services/{draft.pk}/", service_post_data(draft, name_en="Better draft")
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.name_en == "Better draft"
    assert not ChangeRequest.objects.filter(proposed__has_key="name_en").exists()


@pytest.mark.parametrize(
    ("current", "new", "proposed"),
    [
        (ServiceStatus.PUBLISHED, ServiceStatus.CLOSED, True),
        (ServiceStatus.PUBLISHED, ServiceStatus.RETIRED, True),
        (ServiceStatus.CLOSED, ServiceStatus.PUBLISHED, True),
        (ServiceStatus.DRAFT, ServiceStatus.PUBLISHED, True),
        (ServiceStatus.DRAFT, ServiceStatus.RETIRED, False),
    ],
)
def test_closing_reopening_and_retiring(editor_client, org, current, new, proposed):
    service = make_service(organisation=org, status=current, description_el="Περιγραφή.")
    page = editor_client.get(f"/en/my/services/{service.pk}/status/").content.decode()
    assert f'value="{new}"' in page
    response = editor_client.post(f"/en/my/services/{service.pk}/status/", {"status": new})
    assert response.status_code == 302
    service.refresh_from_db()
    if proposed:
        assert service.status == current
        assert ChangeRequest.objects.get().proposed == {"status": new}
    else:
        assert service.status == new
        assert not ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING).exists()


def test_a_status_not_offered_is_refused(editor_client, service):
    response = editor_client.post(f"/en/my/services/{service.pk}/status/", {"status": "draft"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_withdrawing_a_proposal(editor_client, service):
    editor_client.post(f"/en/my/services/{service.pk}/", service_post_data(service, name_en="X"))
    change = ChangeRequest.objects.get()
    assert editor_client.get(f"/en/my/changes/{change.pk}/withdraw/").status_code == 405
    response = editor_client.post(f"/en/my/changes/{change.pk}/withdraw/")
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.WITHDRAWN
