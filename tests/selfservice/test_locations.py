"""Editors add and change their organisation's locations through the same review as every
other change; coordinators accept (creating the location) or return them."""

import pytest
from django.core import mail

from members.models import ChangeRequest, Location
from tests.factories import make_location

pytestmark = pytest.mark.django_db

NEW = {
    "address_el": "Σόλωνος 101",
    "address_en": "101 Solonos Street",
    "postcode": "106 78",
    "municipality_el": "Αθήνα",
    "community": "1",
    "latitude": "37.9838",
    "longitude": "23.7330",
    "accessibility_notes_el": "Ράμπα στην είσοδο.",
    "step_free": "on",
}


def test_an_editor_proposes_a_new_location_which_waits_for_review(editor_client, org, settings):
    page = editor_client.get(f"/en/my/organisations/{org.pk}/locations/new/").content.decode()
    assert 'name="address_el"' in page and 'name="community"' in page
    assert 'name="latitude"' in page and 'name="accessibility_notes_en"' in page
    response = editor_client.post(f"/en/my/organisations/{org.pk}/locations/new/", NEW)
    assert response.status_code == 302
    assert not Location.objects.filter(organisation=org).exists()  # not before the review
    change = ChangeRequest.objects.get()
    assert change.creates_location and change.location is None
    assert change.state == ChangeRequest.State.PENDING
    assert change.proposed["address_el"] == "Σόλωνος 101"
    assert change.proposed["postcode"] == "10678"
    assert change.proposed["latitude"] == "37.983800"
    assert change.proposed["step_free"] is True
    assert mail.outbox and mail.outbox[-1].to == list(settings.COORDINATORS_EMAIL)
    dashboard = editor_client.get("/en/my/").content.decode()
    assert "New location: Σόλωνος 101" in dashboard


def test_accepting_the_new_location_creates_it(admin_client, editor_client, org, editor):
    editor_client.post(f"/en/my/organisations/{org.pk}/locations/new/", NEW)
    change = ChangeRequest.objects.get()
    page = admin_client.get(f"/admin/members/changerequest/{change.pk}/change/").content.decode()
    assert "New location: Σόλωνος 101" in page
    response = admin_client.post(
        f"/admin/members/changerequest/{change.pk}/change/", {"action": "accept_all"}
    )
    assert response.status_code == 302
    location = Location.objects.get(organisation=org)
    assert location.address_el == "Σόλωνος 101" and location.community == 1
    assert str(location.latitude) == "37.983800" and location.step_free
    change.refresh_from_db()
    assert change.location == location
    assert mail.outbox[-1].to == [editor.email]
    assert "Σόλωνος 101" in mail.outbox[-1].body
    # The editor can now link it to a service and change it.
    assert editor_client.get(f"/en/my/locations/{location.pk}/").status_code == 200


def test_a_new_location_without_its_address_accepted_is_refused(admin_client, editor_client, org):
    editor_client.post(f"/en/my/organisations/{org.pk}/locations/new/", NEW)
    change = ChangeRequest.objects.get()
    data = {"action": "apply", "comment_all": "Λάθος διεύθυνση"}
    for name in change.proposed:
        data[f"decision__{name}"] = "returned" if name == "address_el" else "accepted"
    page = admin_client.post(f"/admin/members/changerequest/{change.pk}/change/", data)
    assert "Accept the address to create the location" in page.content.decode()
    assert not Location.objects.exists()


def test_a_trusted_organisation_s_location_is_published_at_once(editor_client, org):
    org.is_trusted = True
    org.save()
    editor_client.post(f"/en/my/organisations/{org.pk}/locations/new/", NEW)
    location = Location.objects.get(organisation=org)
    change = ChangeRequest.objects.get()
    assert change.state == ChangeRequest.State.REVIEWED and change.location == location


def test_changing_a_location_proposes_only_the_changed_fields(editor_client, org, admin_client):
    location = make_location(organisation=org, latitude="37.98", longitude="23.72")
    page = editor_client.get(f"/en/my/locations/{location.pk}/").content.decode()
    assert 'value="Αγίου Ισιδώρου 4"' in page
    data = {
        "address_el": location.address_el,
        "postcode": "11471",
        "municipality_el": "Αθήνα",
        "municipality_en": location.municipality_en or "",
        "community": "1",
        "latitude": "37.980000",
        "longitude": "23.72",
        "accessibility_notes_el": "Ασανσέρ.",
    }
    response = editor_client.post(f"/en/my/locations/{location.pk}/", data)
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert change.location == location and not change.creates_location
    assert change.proposed == {"accessibility_notes_el": "Ασανσέρ."}
    location.refresh_from_db()
    assert not location.accessibility_notes_el  # waits for the review
    admin_client.post(f"/admin/members/changerequest/{change.pk}/change/", {"action": "accept_all"})
    location.refresh_from_db()
    assert location.accessibility_notes_el == "Ασανσέρ."
    # A coordinator can revert it like any other change.
    admin_client.post(f"/admin/members/changerequest/{change.pk}/revert/")
    location.refresh_from_db()
    assert not location.accessibility_notes_el


def test_a_profile_change_and_a_location_change_wait_separately(editor_client, org):
    location = make_location(organisation=org)
    data = {
        "address_el": "Νέα διεύθυνση 1",
        "postcode": "11471",
        "municipality_el": "Αθήνα",
    }
    editor_client.post(f"/en/my/locations/{location.pk}/", data)
    from tests.selfservice.conftest import organisation_post_data

    editor_client.post(
        f"/en/my/organisations/{org.pk}/", organisation_post_data(org, phone="2101234567")
    )
    assert ChangeRequest.objects.filter(state="pending").count() == 2
    profile_page = editor_client.get(f"/en/my/organisations/{org.pk}/").content.decode()
    assert "Νέα διεύθυνση 1" not in profile_page


@pytest.mark.parametrize(
    ("data", "lang", "message"),
    [
        ({"address_el": ""}, "en", "This field is required."),
        ({"address_el": ""}, "el", "Αυτό το πεδίο είναι απαραίτητο."),
        ({"address_el": "Σόλωνος 1", "postcode": "12"}, "en", "A Greek postcode has five digits"),
        ({"address_el": "Σόλωνος 1", "postcode": "12"}, "el", "πέντε ψηφία"),
        ({"address_el": "Σόλωνος 1", "latitude": "37.9"}, "en", "Give both coordinates"),
        (
            {"address_el": "Σόλωνος 1", "latitude": "200", "longitude": "23"},
            "en",
            "less than or equal to 90",
        ),
        ({"address_el": "Σόλωνος 1", "community": "9"}, "en", "Select a valid choice"),
        ({"address_el": "", "address_en": "Only English"}, "en", "Write the Greek text first"),
    ],
)
def test_bad_location_input_is_explained_in_the_editor_s_language(
    editor_client, org, data, lang, message
):
    response = editor_client.post(f"/{lang}/my/organisations/{org.pk}/locations/new/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ChangeRequest.objects.exists()


def test_another_organisation_s_location_cannot_be_changed_or_added_to(
    editor_client, other_org, org
):
    foreign = other_org.locations.get()
    for url in (
        f"/en/my/locations/{foreign.pk}/",
        f"/en/my/organisations/{other_org.pk}/locations/new/",
    ):
        assert editor_client.get(url).status_code == 404
        assert editor_client.post(url, {"address_el": "Κλεμμένη 1"}).status_code == 404
    assert not ChangeRequest.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in(client, org):
    location = make_location(organisation=org)
    for url in (
        f"/el/my/locations/{location.pk}/",
        f"/el/my/organisations/{org.pk}/locations/new/",
    ):
        for method in ("get", "post"):
            response = getattr(client, method)(
                url, {"address_el": "Χ"} if method == "post" else None
            )
            assert response.status_code == 302
            assert response["Location"].startswith("/el/account/login/")
    assert not ChangeRequest.objects.exists()
