"""The editor picker in the admin names staff by name: a coordinator looking at an
organisation's editors does not learn the e-mail address of a staff member among them."""

import json

import pytest

from members.models import EditorMembership
from tests.factories import make_coordinator, make_organisation, make_superuser, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation(db):
    organisation = make_organisation(slug="helpers")
    staff = make_superuser(email="director.private@accmr.example", full_name="Ελένη Διευθύντρια")
    editor = make_user(email="editor@example.org", full_name="Νίκος Συντάκτης")
    EditorMembership.objects.create(user=staff, organisation=organisation)
    EditorMembership.objects.create(user=editor, organisation=organisation)
    return organisation


def test_a_coordinator_sees_a_staff_editor_by_name_only(client, organisation):
    client.force_login(make_coordinator(email="coordinator@example.org"))
    page = client.get(f"/admin/members/organisation/{organisation.pk}/change/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "director.private@accmr.example" not in body
    assert "Ελένη Διευθύντρια" in body
    assert "editor@example.org" in body  # members are told apart by their address


def test_the_picker_names_people_by_name_and_address(client, organisation):
    client.force_login(make_superuser(email="root@example.org"))
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "members",
            "model_name": "editormembership",
            "field_name": "user",
            "term": "",
        },
    )
    texts = {row["text"] for row in json.loads(response.content)["results"]}
    assert "Νίκος Συντάκτης <editor@example.org>" in texts
    assert "Ελένη Διευθύντρια" in texts
    assert not any("director.private" in text for text in texts)
