"""From the attacker's side at a shared computer or a caching proxy: a logged-in visitor's
pages are never stored (`Cache-Control: private, no-store`); every response carries a
Permissions-Policy and a Cross-Origin-Resource-Policy."""

import pytest

from accmr.models import User
from tests.factories import make_editor, make_organisation

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    parts = {p.strip() for p in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= parts and "public" not in parts


@pytest.mark.parametrize(
    "url",
    [
        "/el/my/",
        "/en/my/",
        "/el/account/password/change/",
        "/en/about/",  # public, but with the visitor's name in the header
        "/el/services/",
    ],
)
def test_a_logged_in_editors_pages_are_never_stored(client, url):
    client.force_login(make_editor(make_organisation(), email="editor@example.org"))
    response = client.get(url)
    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")
    assert "Cookie" in response.get("Vary", "")


@pytest.mark.parametrize("url", ["/admin/", "/admin/members/organisation/", "/admin/dashboard/"])
def test_a_coordinators_admin_pages_are_never_stored(client, url):
    client.force_login(User.objects.create_superuser(email="root@example.org", password="x" * 20))
    response = client.get(url)
    assert response.status_code == 200
    assert _no_store(response), response.get("Cache-Control")


def test_an_anonymous_visitors_public_page_stays_cacheable(client):
    response = client.get("/en/about/")
    assert not _no_store(response)


@pytest.mark.parametrize("url", ["/en/about/", "/healthz", "/en/account/login/", "/robots.txt"])
def test_every_response_has_a_permissions_policy_and_a_resource_policy(client, url):
    response = client.get(url)
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


def test_the_open_data_api_may_be_used_by_other_sites(client):
    response = client.get("/api/hsds/services")
    assert response["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
