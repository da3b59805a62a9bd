"""From the attacker's side: the admin and the member area turn away whoever may not be there.
Every admin and /<lang>/my/ route from the resolver is tried, so new pages are covered."""

from urllib.parse import urlsplit

import pytest

from tests.factories import make_user
from tests.security.routes import BUILDABLE, urls_for

pytestmark = pytest.mark.django_db

# Admin pages anyone may reach: the log-in, the log-out (it only ends a session) and the
# language buttons (they are on the log-in page too, and only set the language cookie).
OPEN_ADMIN = {"admin:login", "admin:logout", "admin:set_language"}

ADMIN_ROUTES = [r for r in BUILDABLE if r.is_admin and r.name not in OPEN_ADMIN]
MEMBER_ROUTES = [r for r in BUILDABLE if r.is_member_area]


def _assert_sent_to(response, url, login_path):
    assert response.status_code == 302, f"GET {url} answered {response.status_code}"
    location = urlsplit(response["Location"])
    assert location.path == login_path, f"GET {url} went to {response['Location']}"
    assert location.netloc in ("", "testserver")


def _assert_admin_sends_to_log_in(client, url):
    response = client.get(url)
    if response.status_code == 405:  # a POST-only action (an import's confirm or retry)
        assert "GET" not in response["Allow"], url
        response = client.post(url)  # the test client skips CSRF: the access check must hold
    _assert_sent_to(response, url, "/admin/login/")


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.label)
def test_anonymous_visitor_is_sent_to_the_admin_log_in(client, records, route):
    for url in urls_for(route, records):
        _assert_admin_sends_to_log_in(client, url)


@pytest.mark.parametrize("route", ADMIN_ROUTES, ids=lambda r: r.label)
def test_member_who_is_not_staff_is_sent_to_the_admin_log_in(client, records, route):
    client.force_login(make_user())
    for url in urls_for(route, records):
        _assert_admin_sends_to_log_in(client, url)


@pytest.mark.parametrize("route", MEMBER_ROUTES, ids=lambda r: r.label)
def test_anonymous_visitor_is_sent_to_the_member_log_in(client, records, route):
    for url in urls_for(route, records):
        lang = url.split("/")[1]
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action: refused before anything else
            assert "GET" not in response["Allow"], url
            continue
        _assert_sent_to(response, url, f"/{lang}/account/login/")
        assert f"next={url}" in response["Location"].replace("%2F", "/")


def test_the_admin_log_in_itself_is_open(client):
    assert client.get("/admin/login/").status_code == 200


def test_the_admin_log_out_shows_an_anonymous_visitor_nothing(client):
    response = client.get("/admin/logout/")
    assert response.status_code in (302, 405)
    if response.status_code == 302:
        assert urlsplit(response["Location"]).path in ("/admin/", "/admin/login/")


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_admin_language_buttons_show_an_anonymous_visitor_nothing(client, method):
    response = getattr(client, method)(
        "/admin/language/", {"language": "en", "next": "https://evil.example/admin/"}
    )
    assert response.status_code == 302
    assert urlsplit(response["Location"]).netloc in ("", "testserver")
    assert response["Location"] in ("/", "/admin/")
    next_page = client.get("/admin/members/organisation/")
    assert urlsplit(next_page["Location"]).path == "/admin/login/"


def test_the_member_area_has_routes_to_check():
    assert MEMBER_ROUTES and len(ADMIN_ROUTES) > 10
