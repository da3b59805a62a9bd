"""Stored script injection, from the attacker's side: a member editor types markup into every
free-text field of the organisation and service forms. Wherever that text is shown later (the
coordinator's review screen, the admin, the public pages in both languages, the lists and the
search) it comes back escaped; and a `javascript:` link is refused at the door."""

import pytest
from django.test import Client

from members.models import ChangeRequest, Organisation, Service
from tests.selfservice.conftest import TEXT_FIELDS, organisation_post_data, service_post_data

pytestmark = pytest.mark.django_db

# Each payload carries a marker, so the test can also check that the text did arrive.
PAYLOADS = (
    "<script>alert('xss-1')</script>",
    '"><img src=x onerror=alert("xss-2")>',
    "</textarea><svg onload=alert('xss-3')>",
    "</script><script>alert('xss-4')</script>",
)
# Markup that would run if any payload reached a page unescaped.
RAW = ("<script>alert(", "<img src=x onerror", "<svg onload", "</script><script>")


def _payload(n: int) -> str:
    return f"Κείμενο {PAYLOADS[n % len(PAYLOADS)]} τέλος"


def _assert_escaped(page: str, where: str) -> None:
    for raw in RAW:
        assert raw not in page, f"{raw!r} reached {where} unescaped"


@pytest.fixture
def admin_client(coordinator):
    client = Client()
    client.force_login(coordinator)
    return client


@pytest.fixture
def poisoned(editor_client, org, service):
    """The editor proposes markup in every text field of both forms; returns the proposals."""
    org_values = {
        "name_el": _payload(0),
        "name_en": _payload(1),
        "description_el": _payload(2),
        "description_en": _payload(3),
        "short_name": "<svg onload=alert('xss-5')>",
    }
    response = editor_client.post(
        f"/el/my/organisations/{org.pk}/", organisation_post_data(org, **org_values)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    service_values = {
        f"{base}_{lang}": _payload(n)
        for n, (base, lang) in enumerate((b, lang) for b in TEXT_FIELDS for lang in ("el", "en"))
    }
    response = editor_client.post(
        f"/el/my/services/{service.pk}/", service_post_data(service, **service_values)
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    changes = list(ChangeRequest.objects.filter(state=ChangeRequest.State.PENDING))
    assert len(changes) == 2
    return changes


def test_the_editor_sees_its_own_markup_escaped_on_the_forms_and_dashboard(
    editor_client, poisoned, org, service
):
    for url in ("/el/my/", f"/el/my/organisations/{org.pk}/", f"/el/my/services/{service.pk}/"):
        response = editor_client.get(url)
        assert response.status_code == 200
        _assert_escaped(response.content.decode(), url)


def test_the_review_screen_shows_the_proposal_escaped(admin_client, poisoned):
    for change in poisoned:
        url = f"/admin/members/changerequest/{change.pk}/change/"
        page = admin_client.get(url).content.decode()
        assert "xss-" in page  # the text is there, as text
        _assert_escaped(page, url)
    page = admin_client.get("/admin/members/changerequest/").content.decode()
    _assert_escaped(page, "the review queue")


def test_once_accepted_every_page_shows_it_escaped_in_both_languages(
    admin_client, poisoned, org, service
):
    for change in poisoned:
        response = admin_client.post(
            f"/admin/members/changerequest/{change.pk}/change/", {"action": "accept_all"}
        )
        assert response.status_code == 302
    org = Organisation.objects.get(pk=org.pk)
    service = Service.objects.get(pk=service.pk)
    assert "xss-2" in org.name_en and "xss-" in service.hours_notes_en

    visitor = Client()
    for lang in ("el", "en"):
        urls = [
            f"/{lang}/organisations/{org.slug}/",
            f"/{lang}/services/{service.slug}/",
            f"/{lang}/organisations/",
            f"/{lang}/services/",
            f"/{lang}/organisations/?q=keimeno",
            f"/{lang}/services/?q=keimeno",
            f"/{lang}/search/?q=keimeno",
            f"/{lang}/organisations/{org.slug}/report/",
        ]
        for url in urls:
            response = visitor.get(url)
            assert response.status_code == 200, url
            page = response.content.decode()
            assert "xss-" in page, f"the text did not reach {url}"
            _assert_escaped(page, url)
    for url in (
        f"/admin/members/organisation/{org.pk}/change/",
        f"/admin/members/service/{service.pk}/change/",
        "/admin/members/organisation/",
        "/admin/members/service/",
        f"/admin/members/service/{service.pk}/history/",
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        _assert_escaped(response.content.decode(), url)


@pytest.mark.parametrize("field", ["website", "facebook", "instagram", "linkedin", "x_twitter"])
@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<script>alert(1)"])
def test_script_links_are_refused_with_a_message(editor_client, org, field, link):
    response = editor_client.post(
        f"/el/my/organisations/{org.pk}/", organisation_post_data(org, **{field: link})
    )
    assert response.status_code == 400
    assert not ChangeRequest.objects.exists()
    org.refresh_from_db()
    assert getattr(org, field) != link
