"""A logo waiting for review is private, from the attacker's side (issue 14): it has no public
address (not under MEDIA_ROOT, not served by /media/), only the organisation's editors and the
coordinators see it; a refused, withdrawn or replaced one is deleted; an accepted one moves to
the public logos; and a logo uploaded in the admin is re-encoded like the editors'."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from members import images, services
from members.models import ChangeRequest, Organisation
from tests.backoffice.browser_form import form_data
from tests.factories import make_coordinator, make_editor
from tests.selfservice.conftest import organisation_post_data, png_bytes, upload

pytestmark = pytest.mark.django_db


def propose_logo(editor_client, org, width=400, height=200) -> str:
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/",
        {
            **organisation_post_data(org),
            "logo_upload": upload("logo.png", png_bytes(width, height)),
        },
    )
    assert response.status_code == 302
    return ChangeRequest.objects.get(state=ChangeRequest.State.PENDING).proposed["logo"]


def pending_url(org) -> str:
    return f"/en/my/organisations/{org.pk}/pending-logo.png"


def public_files() -> list[str]:
    if not default_storage.exists("logos"):
        return []
    return default_storage.listdir("logos")[1]


def pending_files() -> list[str]:
    private = images.private_storage()
    if not private.exists("pending-logos"):
        return []
    return private.listdir("pending-logos")[1]


def test_a_pending_logo_has_no_public_address(editor_client, org, settings):
    name = propose_logo(editor_client, org)
    file_name = name.rsplit("/", 1)[1]
    assert pending_files() == [file_name]
    assert public_files() == []
    assert not (settings.MEDIA_ROOT / name).exists()  # nothing under MEDIA_ROOT at all
    anonymous = Client()
    for guess in (f"/media/{name}", f"/media/logos/{file_name}", f"/media/../private/{name}"):
        assert anonymous.get(guess).status_code == 404, guess


def test_anonymous_visitors_cannot_fetch_a_pending_logo(editor_client, org):
    propose_logo(editor_client, org)
    response = Client().get(pending_url(org))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_another_organisations_editor_cannot_fetch_a_pending_logo(editor_client, org, other_org):
    propose_logo(editor_client, org)
    attacker = Client()
    attacker.force_login(make_editor(other_org, email="attacker@example.org"))
    assert attacker.get(pending_url(org)).status_code == 404
    assert attacker.get(pending_url(other_org)).status_code == 404  # theirs has none


def test_the_editors_and_the_coordinators_see_it_privately(editor_client, org):
    propose_logo(editor_client, org)
    own = editor_client.get(pending_url(org))
    assert own.status_code == 200
    assert own["Content-Type"] == "image/png"
    assert "no-store" in own["Cache-Control"] and "private" in own["Cache-Control"]
    with Image.open(io.BytesIO(b"".join(own.streaming_content))) as image:
        assert image.size == (400, 200)
    form = editor_client.get(f"/en/my/organisations/{org.pk}/").content.decode()
    assert f'src="{pending_url(org)}"' in form
    coordinator = Client()
    coordinator.force_login(make_coordinator(email="coordinator@example.org"))
    assert coordinator.get(pending_url(org)).status_code == 200


def test_a_returned_logo_is_deleted(
    editor_client, org, coordinator, django_capture_on_commit_callbacks
):
    propose_logo(editor_client, org)
    change = ChangeRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # deleted once the review commits
        services.change_request_review(
            change_request=change,
            reviewer=coordinator,
            decisions={name: {"decision": "returned"} for name in change.proposed},
        )
    assert pending_files() == []
    assert public_files() == []
    assert editor_client.get(pending_url(org)).status_code == 404
    org.refresh_from_db()
    assert not org.logo


def test_a_withdrawn_or_replaced_logo_is_deleted(
    editor_client, org, django_capture_on_commit_callbacks
):
    first = propose_logo(editor_client, org)
    with django_capture_on_commit_callbacks(execute=True):
        second = propose_logo(editor_client, org, width=300)
    assert first != second
    assert pending_files() == [second.rsplit("/", 1)[1]]  # the first was replaced
    change = ChangeRequest.objects.get(state=ChangeRequest.State.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(f"/en/my/changes/{change.pk}/withdraw/").status_code == 302
    assert pending_files() == []
    assert public_files() == []


def test_an_accepted_logo_moves_to_the_public_logos(
    editor_client, org, coordinator, django_capture_on_commit_callbacks
):
    name = propose_logo(editor_client, org)
    change = ChangeRequest.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_request_review(
            change_request=change,
            reviewer=coordinator,
            decisions={field: {"decision": "accepted"} for field in change.proposed},
        )
    org.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", org.logo.name)
    assert org.logo.name.rsplit("/", 1)[1] == name.rsplit("/", 1)[1]
    assert pending_files() == []
    public = Client().get(f"/media/{org.logo.name}")
    assert public.status_code == 200
    assert b"".join(public.streaming_content).startswith(b"\x89PNG")


def test_a_trusted_organisations_logo_is_published_at_once(
    editor_client, org, django_capture_on_commit_callbacks
):
    Organisation.objects.filter(pk=org.pk).update(is_trusted=True)
    org.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            f"/en/my/organisations/{org.pk}/",
            {**organisation_post_data(org), "logo_upload": upload("logo.png", png_bytes(64, 64))},
        )
    org.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", org.logo.name)
    assert default_storage.exists(org.logo.name)
    assert pending_files() == []


# --- the admin's logo field -----------------------------------------------------------------


def _admin_change(client, org, logo):
    url = f"/admin/members/organisation/{org.pk}/change/"
    data = form_data(client.get(url).content.decode(), "organisation_form")
    data["logo"] = logo
    return client.post(url, data)


def test_a_logo_uploaded_in_the_admin_is_re_encoded(admin_client, org):
    payload = b"<script>alert(document.domain)</script>"
    polyglot = png_bytes(1200, 600) + payload
    response = _admin_change(admin_client, org, upload("logo.png", polyglot))
    assert response.status_code == 302, response.content.decode()[:2000]
    org.refresh_from_db()
    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", org.logo.name)
    with default_storage.open(org.logo.name) as stored:
        data = stored.read()
    assert payload not in data
    assert data != polyglot
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.size == (512, 256)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("logo.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "application/pdf"),
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>1</script></svg>',
            "image/svg+xml",
        ),
        ("logo.bmp", png_bytes(10, 10, fmt="BMP"), "image/bmp"),
    ],
)
def test_the_admin_refuses_anything_but_a_raster_logo(
    admin_client, org, name, content, content_type
):
    response = _admin_change(admin_client, org, upload(name, content, content_type))
    assert response.status_code == 400  # the form again, with the error
    assert "errornote" in response.content.decode()
    org.refresh_from_db()
    assert not org.logo
    assert public_files() == []
