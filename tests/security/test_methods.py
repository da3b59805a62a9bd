"""Methods a route does not answer get 405 with an Allow header, before the CSRF check (a POST
to a read-only page is not a "CSRF verification failed"), and no route echoes a TRACE."""

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import translation

from accmr.middleware import allowed_methods
from tests.security.routes import BUILDABLE, urls_for

pytestmark = pytest.mark.django_db

PUBLIC_ROUTES = [r for r in BUILDABLE if r.is_public_page]


def _read_only(url: str) -> bool:
    path = url.split("?")[0]
    prefix = path.split("/")[1]
    with translation.override(prefix if prefix in ("el", "en") else None):
        methods = allowed_methods(resolve(path).func)
    return methods is not None and "POST" not in methods


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=lambda r: r.label)
def test_unsupported_methods_on_read_only_routes_are_405_with_allow(records, route):
    attacker = Client(enforce_csrf_checks=True)
    urls = [url for url in urls_for(route, records) if _read_only(url)]
    for url in urls:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            response = attacker.generic(method, url, b"x=1")
            assert response.status_code == 405, f"{method} {url}: {response.status_code}"
            assert "GET" in response["Allow"], url


@pytest.mark.parametrize("route", BUILDABLE, ids=lambda r: r.label)
def test_no_route_answers_trace(client, records, route):
    for url in urls_for(route, records):
        response = client.generic("TRACE", url)
        assert response.status_code == 405, f"TRACE {url}: {response.status_code}"
        assert "TRACE" not in response["Allow"]


def test_most_public_routes_are_read_only_so_the_check_above_bites(records):
    read_only = [r for r in PUBLIC_ROUTES if any(_read_only(u) for u in urls_for(r, records))]
    assert len(read_only) > 20


def test_the_api_refuses_a_post_with_405_not_a_csrf_403():
    response = Client(enforce_csrf_checks=True).post("/api/hsds/services", {"x": "1"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "TRACE"])
@pytest.mark.parametrize("url", ["/api/hsds/services", "/api/hsds/", "/api/hsds/openapi.json"])
def test_the_apis_405_is_json_for_its_machine_clients(method, url):
    """A machine client gets the API's JSON error, in English unless `lang` asks, not an
    empty body or an HTML page."""
    response = Client(enforce_csrf_checks=True).generic(
        method, url, b"x=1", HTTP_ACCEPT_LANGUAGE="el"
    )
    assert response.status_code == 405
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"error": "Only GET, HEAD and OPTIONS are allowed."}
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Origin"] == "*"
    greek = Client().generic(method, url + "?lang=el")
    assert greek.status_code == 405
    assert greek.json()["error"] != "Only GET, HEAD and OPTIONS are allowed."


@pytest.mark.parametrize(
    ("url", "title"),
    [("/el/organisations/", "Μη επιτρεπτή μέθοδος"), ("/en/organisations/", "Method not allowed")],
)
@pytest.mark.parametrize("method", ["POST", "TRACE"])
def test_a_pages_405_is_a_page_in_the_visitors_language(url, title, method):
    response = Client(enforce_csrf_checks=True).generic(method, url, b"x=1")
    assert response.status_code == 405
    assert response["Content-Type"].startswith("text/html")
    assert "GET" in response["Allow"]
    body = response.content.decode()
    assert f"<h1>{title}</h1>" in body
    assert 'href="/' in body  # the site's layout, with its links


def test_a_form_page_still_takes_its_post_to_the_csrf_check():
    """The check above can fail: where POST is allowed, CSRF still guards it."""
    response = Client(enforce_csrf_checks=True).post("/en/account/login/", {"username": "x"})
    assert response.status_code == 403
