"""What editors meet while keeping their records right: a returned field comes back with the
coordinator's comment, a new phone number alone is enough, the pending list speaks in words,
"everything is still correct" says what it covers (and can be undone the same day), and a
coordinator's revert is told."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from members import services
from members.models import ChangeRequest, Confirmation, Organisation, Service, ServiceStatus
from tests.factories import make_service
from tests.selfservice.conftest import organisation_post_data, service_post_data

pytestmark = pytest.mark.django_db


def _review(admin_client, change, **decisions):
    data = {"action": "apply"}
    for name, (decision, comment) in decisions.items():
        data[f"decision__{name}"] = decision
        data[f"comment__{name}"] = comment
    return admin_client.post(f"/admin/members/changerequest/{change.pk}/change/", data)


# 3. A returned field comes back pre-filled, with the comment beside it ------------------


@pytest.mark.parametrize("lang", ["el", "en"])
def test_a_returned_field_comes_back_with_the_proposed_value_and_the_comment(
    admin_client, editor_client, service, lang
):
    editor_client.post(
        f"/en/my/services/{service.pk}/",
        service_post_data(service, phone="2101234567", website="https://example.org/x"),
    )
    change = ChangeRequest.objects.get()
    _review(
        admin_client,
        change,
        phone=("accepted", ""),
        website=("returned", "Η σελίδα δεν ανοίγει."),
    )
    page = editor_client.get(f"/{lang}/my/services/{service.pk}/").content.decode()
    assert 'value="https://example.org/x"' in page  # the proposed value, not the live one
    assert "Η σελίδα δεν ανοίγει." in page
    assert ("Returned by a coordinator" if lang == "en" else "Επιστράφηκε") in page
    assert page.count("Η σελίδα δεν ανοίγει.") == 1  # beside the field only
    # Sending it again (corrected) makes it a pending change; the note is gone.
    editor_client.post(
        f"/en/my/services/{service.pk}/",
        service_post_data(Service.objects.get(pk=service.pk), website="https://example.org/"),
    )
    page = editor_client.get(f"/{lang}/my/services/{service.pk}/").content.decode()
    assert "Η σελίδα δεν ανοίγει." not in page


def test_returned_hours_come_back_on_the_hours_form(admin_client, editor_client, service):
    services.change_request_submit(
        user=service.organisation.editor_memberships.get().user,
        organisation=service.organisation,
        service=service,
        values={"schedules": [[1, "10:00", "14:00"]]},
    )
    _review(admin_client, ChangeRequest.objects.get(), schedules=("returned", "Και Πέμπτη;"))
    page = editor_client.get(f"/en/my/services/{service.pk}/hours/").content.decode()
    assert 'id="id_d1-opens-1" value="10:00"' in page
    assert "Και Πέμπτη;" in page


def test_a_returned_profile_field_comes_back_too(admin_client, editor_client, org):
    editor_client.post(
        f"/en/my/organisations/{org.pk}/", organisation_post_data(org, phone="2109999999")
    )
    change = ChangeRequest.objects.get()
    decisions = {name: ("accepted", "") for name in change.proposed}
    decisions["phone"] = ("returned", "Ποιο τμήμα;")
    _review(admin_client, change, **decisions)
    page = editor_client.get(f"/en/my/organisations/{org.pk}/").content.decode()
    assert "+302109999999" in page or "21 0999 9999" in page or "2109999999" in page
    assert "Ποιο τμήμα;" in page


# 4. Only what changes is held to what publishing needs ---------------------------------


def test_a_new_phone_number_alone_is_enough_on_a_record_missing_its_description(editor_client, org):
    service = make_service(organisation=org, slug="old-import")  # no description at all
    response = editor_client.post(
        f"/en/my/services/{service.pk}/", service_post_data(service, phone="2101234567")
    )
    assert response.status_code == 302
    assert list(ChangeRequest.objects.get().proposed) == ["phone"]
    follow = editor_client.get("/en/my/").content.decode()
    assert "still needs: Description (Greek)" in follow


def test_a_new_profile_phone_alone_is_enough(editor_client, org):
    assert not org.description_el
    data = organisation_post_data(org, phone="2101234567", description_el="")
    response = editor_client.post(f"/el/my/organisations/{org.pk}/", data)
    assert response.status_code == 302
    assert list(ChangeRequest.objects.get().proposed) == ["phone"]
    assert "χρειάζεται ακόμη" in editor_client.get("/el/my/").content.decode()


def test_a_record_missing_its_contact_can_still_get_another_field_changed(editor_client, org):
    # An import left "by phone" without any phone number (the organisation has none either).
    service = make_service(
        organisation=org, slug="by-phone", description_el="Κείμενο.", access_phone=True
    )
    response = editor_client.post(
        f"/en/my/services/{service.pk}/", service_post_data(service, description_en="Text.")
    )
    assert response.status_code == 302
    assert list(ChangeRequest.objects.get().proposed) == ["description_en"]
    assert "reached by phone: give a phone number" in editor_client.get("/en/my/").content.decode()
    # Touching the ways of access or the contact details is held to the rule.
    response = editor_client.post(
        f"/en/my/services/{service.pk}/",
        service_post_data(service, description_en="Text.", email="info@example.org"),
    )
    assert response.status_code == 400


def test_clearing_a_required_text_is_still_refused(editor_client, service):
    response = editor_client.post(
        f"/en/my/services/{service.pk}/", service_post_data(service, description_el="")
    )
    assert response.status_code == 400
    assert not ChangeRequest.objects.exists()


@pytest.mark.parametrize("lang", ["el", "en"])
def test_asking_to_publish_a_draft_without_its_description_says_what_is_missing(
    editor_client, org, lang
):
    draft = make_service(organisation=org, status=ServiceStatus.DRAFT, slug="draft")
    response = editor_client.post(
        f"/{lang}/my/services/{draft.pk}/status/", {"status": "published"}
    )
    assert response.status_code == 400
    expected = "την περιγραφή στα ελληνικά" if lang == "el" else "the description in Greek"
    assert expected in response.content.decode()
    assert not ChangeRequest.objects.exists()


# 5. The pending list says what is waiting, in words ------------------------------------


def test_the_pending_list_names_new_services_and_fields_in_words(editor_client, org, service):
    editor_client.post(
        f"/en/my/organisations/{org.pk}/services/new/",
        {
            "name_el": "Μαθήματα ελληνικών για ενήλικες",
            "name_en": "Greek lessons for adults",
            "description_el": "Δωρεάν μαθήματα.",
            "category": service.category_id,
        },
    )
    editor_client.post(
        f"/en/my/services/{service.pk}/", service_post_data(service, phone="2101234567")
    )
    page = editor_client.get("/en/my/").content.decode()
    waiting = page[page.index("Waiting for review</h3>") :]
    assert "New service: Greek lessons for adults" in waiting or (
        "New service: Μαθήματα ελληνικών για ενήλικες" in waiting
    )
    assert "Service: Legal aid" in waiting or "Service: Νομική βοήθεια" in waiting
    assert "Phone: " in waiting
    assert "<li>Status" not in waiting


# 6. "Everything is still correct" ---------------------------------------------------------


def test_confirming_says_what_it_covers_and_skips_what_waits_for_review(
    editor_client, org, service
):
    waiting = make_service(organisation=org, name="Σε αναμονή", slug="waiting")
    quiet = make_service(organisation=org, name="Ήσυχη", slug="quiet")
    old = timezone.localdate() - dt.timedelta(days=200)
    Service.objects.filter(organisation=org).update(last_checked=old)
    Organisation.objects.filter(pk=org.pk).update(last_checked=old)
    editor_client.post(
        f"/en/my/services/{waiting.pk}/", service_post_data(waiting, phone="2101234567")
    )
    page = editor_client.get("/el/my/").content.decode()
    covers = page[page.index("Σημειώνει ως ελεγμένα σήμερα") : page.index("Όλα είναι ακόμη σωστά")]
    assert "Ήσυχη" in covers and "Νομική βοήθεια" in covers
    assert "Υπηρεσία: Σε αναμονή" in covers  # named as waiting, not as covered
    editor_client.post(f"/el/my/organisations/{org.pk}/confirm/")
    today = timezone.localdate()
    assert Service.objects.get(pk=quiet.pk).last_checked == today
    assert Service.objects.get(pk=waiting.pk).last_checked == old
    assert Organisation.objects.get(pk=org.pk).last_checked == today


def test_the_profile_waiting_for_review_is_not_marked(editor_client, org):
    old = timezone.localdate() - dt.timedelta(days=200)
    Organisation.objects.filter(pk=org.pk).update(last_checked=old)
    editor_client.post(
        f"/en/my/organisations/{org.pk}/", organisation_post_data(org, phone="2101234567")
    )
    editor_client.post(f"/en/my/organisations/{org.pk}/confirm/")
    assert Organisation.objects.get(pk=org.pk).last_checked == old


def test_a_confirmation_can_be_undone_the_same_day_only(editor_client, org, service, editor):
    old = timezone.localdate() - dt.timedelta(days=40)
    Service.objects.filter(pk=service.pk).update(last_checked=old)
    Organisation.objects.filter(pk=org.pk).update(last_checked=None)
    editor_client.post(f"/en/my/organisations/{org.pk}/confirm/")
    confirmation = Confirmation.objects.get()
    page = editor_client.get("/en/my/").content.decode()
    assert f"/en/my/confirmations/{confirmation.pk}/undo/" in page
    editor_client.post(f"/en/my/confirmations/{confirmation.pk}/undo/")
    assert Organisation.objects.get(pk=org.pk).last_checked is None
    assert Service.objects.get(pk=service.pk).last_checked == old
    assert (
        f"/en/my/confirmations/{confirmation.pk}/undo/"
        not in editor_client.get("/en/my/").content.decode()
    )
    # Undoing twice changes nothing; a confirmation of yesterday cannot be undone.
    editor_client.post(f"/en/my/organisations/{org.pk}/confirm/")
    second = Confirmation.objects.latest("confirmed_at")
    with time_machine.travel(timezone.now() + dt.timedelta(days=1)):
        assert not services.confirmation_undo(confirmation=second, user=editor)
    assert Organisation.objects.get(pk=org.pk).last_checked == timezone.localdate()


# 7. A coordinator's revert is told ------------------------------------------------------


def test_a_reverted_change_is_told_and_leaves_recently_accepted(
    admin_client, editor_client, service, editor
):
    editor_client.post(
        f"/en/my/services/{service.pk}/", service_post_data(service, phone="2101234567")
    )
    change = ChangeRequest.objects.get()
    admin_client.post(f"/admin/members/changerequest/{change.pk}/change/", {"action": "accept_all"})
    page = editor_client.get("/en/my/").content.decode()
    assert "Recently accepted" in page
    mail.outbox.clear()
    type(editor).objects.filter(pk=editor.pk).update(language="en")  # an editor who reads English
    admin_client.post(f"/admin/members/changerequest/{change.pk}/revert/")
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "reverted" in mail.outbox[0].subject
    assert "Phone" in mail.outbox[0].body
    page = editor_client.get("/en/my/").content.decode()
    assert "Reverted by a coordinator" in page
    assert "Recently accepted" not in page  # neither the change nor the revert's own record
