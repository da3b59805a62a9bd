"""Coordinators review proposed changes in the admin: queue, comparison, decisions, revert."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client

from members import changes, services
from members.models import ChangeRequest, Organisation, Service, ServiceStatus
from tests.factories import add_hours, make_location, make_service, make_user
from tests.selfservice.conftest import (
    hours_post_data,
    organisation_post_data,
    png_bytes,
    service_post_data,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(editor, org, service):
    """The editor proposes a new English description and new hours for the service."""
    change = services.change_request_submit(
        user=editor,
        organisation=org,
        service=service,
        values={
            "description_en": "Free legal advice, also in Farsi.",
            "schedules": [[0, "09:00", "15:00"]],
        },
    )
    mail.outbox.clear()
    return change


def review(admin_client, change, **data):
    return admin_client.post(f"/admin/members/changerequest/{change.pk}/change/", data)


def accept_hours_return_description(admin_client, change):
    """The usual mixed review: the hours accepted, the English description returned with a
    comment, and the decisions applied."""
    return review(
        admin_client,
        change,
        decision__schedules="accepted",
        decision__description_en="returned",
        comment__description_en="Which days?",
        action="apply",
    )


def test_queue_shows_pending_changes_by_default(admin_client, proposal, org):
    reviewed = ChangeRequest.objects.create(
        organisation=org, proposed={"phone": "1"}, previous={}, state=ChangeRequest.State.REVIEWED
    )
    page = admin_client.get("/admin/members/changerequest/").content.decode()
    assert f"/admin/members/changerequest/{proposal.pk}/change/" in page
    assert f"/admin/members/changerequest/{reviewed.pk}/change/" not in page
    page = admin_client.get("/admin/members/changerequest/?state=all").content.decode()
    assert f"/admin/members/changerequest/{reviewed.pk}/change/" in page
    assert "Stale records" in page


def test_queue_lists_in_constant_queries(admin_client, editor, org, django_assert_max_num_queries):
    for n in range(20):
        ChangeRequest.objects.create(
            organisation=org, submitted_by=editor, proposed={"phone": str(n)}, previous={}
        )
    with django_assert_max_num_queries(12):
        assert admin_client.get("/admin/members/changerequest/").status_code == 200


def test_nobody_adds_or_deletes_change_requests_in_the_admin(admin_client, proposal):
    assert admin_client.get("/admin/members/changerequest/add/").status_code == 403
    url = f"/admin/members/changerequest/{proposal.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    assert ChangeRequest.objects.filter(pk=proposal.pk).exists()


def test_review_page_compares_old_and_new_with_both_languages_side_by_side(admin_client, proposal):
    page = admin_client.get(f"/admin/members/changerequest/{proposal.pk}/change/").content.decode()
    assert "Now on the public page" in page and "Proposed" in page
    assert "<ins>" in page and "Farsi." in page  # the added words are marked
    assert "Greek" in page and "English" in page
    assert "Unchanged:" in page and "Δωρεάν νομική συμβουλευτική." in page  # the Greek text
    assert 'lang="en"' in page
    assert "Monday 09:00–13:00" in page and "Monday 09:00–15:00" in page
    assert 'name="decision__description_en"' in page and 'name="comment__schedules"' in page


def test_accepted_fields_go_live_returned_ones_do_not(admin_client, coordinator, proposal, service):
    response = accept_hours_return_description(admin_client, proposal)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.description_en == "Free legal advice."
    assert [(s.weekday, s.opens, s.closes) for s in service.schedules.all()] == [
        (0, dt.time(9), dt.time(15))
    ]
    proposal.refresh_from_db()
    assert proposal.state == ChangeRequest.State.REVIEWED
    assert proposal.reviewed_by == coordinator and proposal.reviewed_at
    assert proposal.decisions["description_en"] == {
        "decision": "returned",
        "comment": "Which days?",
    }
    assert proposal.decisions["schedules"]["decision"] == "accepted"
    assert proposal.decisions["schedules"]["replaced"] == [[0, "09:00", "13:00"]]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.org"]
    assert "Which days?" in mail.outbox[0].body
    assert "/el/my/" in mail.outbox[0].body and "/en/my/" in mail.outbox[0].body


def test_accept_everything_at_once_records_history(admin_client, coordinator, proposal, service):
    review(admin_client, proposal, action="accept_all")
    service.refresh_from_db()
    assert service.description_en == "Free legal advice, also in Farsi."
    record = service.history.first()
    assert record.history_user == coordinator
    assert record.history_change_reason == f"Change request {proposal.pk} accepted"
    assert record.description_en == "Free legal advice, also in Farsi."
    assert record.prev_record.description_en == "Free legal advice."


def test_return_everything_needs_a_comment(admin_client, proposal, service):
    response = review(admin_client, proposal, action="return_all")
    assert response.status_code == 400
    assert "Tell the editor why this field is returned." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ChangeRequest.State.PENDING
    response = review(admin_client, proposal, action="return_all", comment_all="Not now.")
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert {d["comment"] for d in proposal.decisions.values()} == {"Not now."}
    assert service.schedules.get().closes == dt.time(13)


def test_every_field_needs_a_decision(admin_client, proposal):
    response = review(admin_client, proposal, decision__schedules="accepted", action="apply")
    assert response.status_code == 400
    assert "Accept or return this field." in response.content.decode()
    response = review(admin_client, proposal, decision__schedules="maybe", action="apply")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    response = review(admin_client, proposal, action="something")
    assert response.status_code == 400
    assert "Choose what to do with the change." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.state == ChangeRequest.State.PENDING


def test_a_reviewed_change_cannot_be_reviewed_again(admin_client, proposal):
    review(admin_client, proposal, action="accept_all")
    response = review(admin_client, proposal, action="return_all", comment_all="x")
    assert response.status_code == 403
    with pytest.raises(changes.ReviewError):
        services.change_request_review(
            change_request=proposal, reviewer=proposal.submitted_by, decisions={}
        )


def test_review_page_of_a_reviewed_change_shows_the_decisions(admin_client, proposal):
    accept_hours_return_description(admin_client, proposal)
    page = admin_client.get(f"/admin/members/changerequest/{proposal.pk}/change/").content.decode()
    assert "Accepted" in page and "Returned" in page and "Which days?" in page
    assert 'name="decision__' not in page
    assert "Revert the accepted fields" in page


def test_revert_action_restores_what_the_public_saw(admin_client, coordinator, proposal, service):
    review(admin_client, proposal, action="accept_all")
    response = admin_client.post(
        "/admin/members/changerequest/?state=all",
        {"action": "revert_accepted", "_selected_action": [proposal.pk]},
    )
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.description_en == "Free legal advice."
    assert [(s.opens, s.closes) for s in service.schedules.all()] == [(dt.time(9), dt.time(13))]
    proposal.refresh_from_db()
    revert = ChangeRequest.objects.exclude(pk=proposal.pk).get()
    assert revert.submitted_by == coordinator
    assert revert.state == ChangeRequest.State.REVIEWED
    assert revert.proposed["description_en"] == "Free legal advice."
    assert {d["reverts"] for d in revert.decisions.values()} == {proposal.pk}
    assert all(d["reverted_by"] == revert.pk for d in proposal.decisions.values())
    assert (
        service.history.first().history_change_reason == f"Revert of change request {proposal.pk}"
    )
    # A second revert of the same change does nothing.
    with pytest.raises(changes.ReviewError):
        services.change_request_revert(change_request=proposal, reviewer=coordinator)


def test_revert_button_on_the_review_page(admin_client, proposal, service):
    review(admin_client, proposal, action="accept_all")
    url = f"/admin/members/changerequest/{proposal.pk}/revert/"
    assert admin_client.get(url).status_code == 302  # GET changes nothing
    service.refresh_from_db()
    assert service.description_en == "Free legal advice, also in Farsi."
    response = admin_client.post(url)
    assert response.status_code == 302
    service.refresh_from_db()
    assert service.description_en == "Free legal advice."


def test_returned_fields_are_not_reverted(admin_client, proposal, service):
    review(admin_client, proposal, action="return_all", comment_all="No.")
    response = admin_client.post(f"/admin/members/changerequest/{proposal.pk}/revert/", follow=True)
    assert "nothing left to revert" in response.content.decode()
    assert ChangeRequest.objects.count() == 1


def test_publishing_a_new_service_shows_the_whole_draft(admin_client, editor, org, client):
    service, change = services.service_create(
        user=editor,
        organisation=org,
        values={
            "name_el": "Μαθήματα",
            "name_en": "Lessons",
            "description_el": "Για όλους.",
            "category": make_service(organisation=org).category_id,
        },
    )
    add_hours(service, 2, "10:00", "12:00")
    page = admin_client.get(f"/admin/members/changerequest/{change.pk}/change/").content.decode()
    assert "A new service: the whole draft" in page
    assert "Για όλους." in page and "Wednesday 10:00–12:00" in page
    assert client.get(f"/en/services/{service.slug}/").status_code == 404
    review(admin_client, change, action="accept_all")
    service.refresh_from_db()
    assert service.status == ServiceStatus.PUBLISHED
    assert client.get(f"/en/services/{service.slug}/").status_code == 200


def test_a_proposed_location_of_another_organisation_is_never_attached(
    admin_client, org, service, other_org
):
    # Defence in depth: even a tampered proposal cannot link another organisation's address.
    own = make_location(organisation=org)
    foreign = other_org.locations.get()
    change = ChangeRequest.objects.create(
        organisation=org, service=service, proposed={"locations": [own.pk, foreign.pk]}, previous={}
    )
    review(admin_client, change, action="accept_all")
    assert list(service.locations.all()) == [own]


def test_a_category_removed_meanwhile_is_a_clear_error(admin_client, org, service):
    change = ChangeRequest.objects.create(
        organisation=org, service=service, proposed={"category": 987654}, previous={}
    )
    response = review(admin_client, change, action="accept_all")
    assert response.status_code == 400
    assert "no longer exists" in response.content.decode()
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.PENDING


def test_review_page_warns_when_the_live_value_moved(admin_client, proposal, service):
    Service.objects.filter(pk=service.pk).update(description_en="Edited by a coordinator.")
    page = admin_client.get(f"/admin/members/changerequest/{proposal.pk}/change/").content.decode()
    assert "changed after the editor proposed" in page


def test_profile_change_review_and_logo(admin_client, editor_client, org, settings, tmp_path):
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/",
        {**organisation_post_data(org), "logo_upload": upload("logo.png", png_bytes(800, 400))},
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    pending = change.proposed["logo"]
    page = admin_client.get(f"/admin/members/changerequest/{change.pk}/change/").content.decode()
    assert f'src="/en/my/organisations/{org.pk}/pending-logo.png"' in page  # private until then
    review(admin_client, change, action="accept_all")
    org.refresh_from_db()
    change.refresh_from_db()
    assert org.logo.name == change.proposed["logo"] == pending.replace("pending-logos/", "logos/")
    page = admin_client.get(f"/admin/members/changerequest/{change.pk}/change/").content.decode()
    assert f'src="/media/{org.logo.name}"' in page


def test_trusted_filter_and_stale_list(admin_client, editor, org):
    Organisation.objects.filter(pk=org.pk).update(is_trusted=True)
    services.change_request_submit(user=editor, organisation=org, values={"phone": "210"})
    page = admin_client.get("/admin/members/changerequest/?state=all&direct=yes").content.decode()
    assert "Profile" in page
    stale = Organisation.objects.create(
        name_el="Ξεχασμένη", slug="forgotten", type=org.type, last_checked=dt.date(2020, 1, 1)
    )
    page = admin_client.get("/admin/members/changerequest/stale/").content.decode()
    assert "Ξεχασμένη" in page and "Οργάνωση Α" not in page
    assert str(stale.pk)


def test_non_staff_cannot_open_the_review_screens(editor, proposal):
    client = Client()
    client.force_login(make_user(email="someone@example.org"))
    for url in (
        f"/admin/members/changerequest/{proposal.pk}/change/",
        f"/admin/members/changerequest/{proposal.pk}/revert/",
        "/admin/members/changerequest/stale/",
    ):
        assert client.post(url, {"action": "accept_all"}).status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == ChangeRequest.State.PENDING


def test_staff_without_permission_cannot_review(proposal):
    staff = make_user(email="staff@example.org", is_staff=True)
    client = Client()
    client.force_login(staff)
    assert client.get(f"/admin/members/changerequest/{proposal.pk}/change/").status_code == 403
    assert client.post(f"/admin/members/changerequest/{proposal.pk}/change/").status_code == 403
    assert client.post(f"/admin/members/changerequest/{proposal.pk}/revert/").status_code == 403


def test_review_needs_the_csrf_token(coordinator, proposal):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(
        f"/admin/members/changerequest/{proposal.pk}/change/", {"action": "accept_all"}
    )
    assert response.status_code == 403


def test_editor_sees_decisions_on_the_dashboard(admin_client, editor_client, proposal):
    accept_hours_return_description(admin_client, proposal)
    page = editor_client.get("/en/my/").content.decode()
    assert "Returned to you with a comment" in page
    assert "Which days?" in page
    assert "Recently accepted" in page and "Opening hours" in page


def test_submitting_from_the_forms_reaches_the_queue(editor_client, admin_client, service):
    editor_client.post(f"/en/my/services/{service.pk}/", service_post_data(service, name_en="X"))
    editor_client.post(
        f"/en/my/services/{service.pk}/hours/", hours_post_data([(1, "09:00", "10:00")], initial=0)
    )
    change = ChangeRequest.objects.get()
    assert set(change.proposed) == {"name_en", "schedules"}
    assert admin_client.get(f"/admin/members/changerequest/{change.pk}/change/").status_code == 200
