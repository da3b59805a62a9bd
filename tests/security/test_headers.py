"""The response headers the Mozilla HTTP Observatory needs for an A+, with production settings,
on public pages, the error page, the admin's log-in and the health check; cookie flags."""

import pytest

from tests.factories import make_user
from tests.pages import NOT_FOUND_PATH, STATIC_PATHS

pytestmark = pytest.mark.django_db

A_YEAR = 31536000
PAGES = [f"/{lang}/{path}" for lang in ("el", "en") for path in STATIC_PATHS] + [
    f"/el/{NOT_FOUND_PATH}",
    "/admin/login/",
    "/healthz",
]


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        tokens = part.split()
        if tokens:
            directives[tokens[0].lower()] = tokens[1:]
    return directives


def test_the_policy_parser_reads_directives():
    assert parse_csp("default-src 'self'; img-src 'self' data:;") == {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
    }


@pytest.mark.parametrize("url", PAGES)
def test_page_sends_the_headers_for_an_observatory_a_plus(client, production_settings, url):
    response = client.get(url, secure=True)
    assert response.status_code in (200, 404), response.status_code

    csp = parse_csp(response["Content-Security-Policy"])
    script_src = csp.get("script-src", csp.get("default-src"))
    assert script_src and "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert not any(s in ("*", "http:", "https:", "data:") for s in script_src), script_src
    style_src = csp.get("style-src", csp.get("default-src"))
    assert "'unsafe-inline'" not in style_src
    assert csp["default-src"] in (["'self'"], ["'none'"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] in (["'none'"], ["'self'"])
    assert csp["form-action"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]

    hsts = dict(
        (item.strip().split("=") + [""])[:2]
        for item in response["Strict-Transport-Security"].split(";")
    )
    assert int(hsts["max-age"]) >= A_YEAR
    assert "includeSubDomains" in hsts
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] in (
        "no-referrer",
        "same-origin",
        "strict-origin",
        "strict-origin-when-cross-origin",
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_plain_http_is_redirected_to_https_in_production(client, production_settings):
    response = client.get("/el/about/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/el/about/"


def test_health_check_answers_over_plain_http_for_the_load_balancer(client, production_settings):
    assert client.get("/healthz").status_code == 200


def test_log_in_sets_secure_http_only_same_site_cookies(client, production_settings):
    user = make_user(email="editor@example.org", password="correct horse battery")
    response = client.post(
        "/el/account/login/",
        {"username": user.email, "password": "correct horse battery"},
        secure=True,
    )
    assert response.status_code == 302, "the log-in did not succeed"
    session = response.cookies["__Host-sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    # What a browser demands of a __Host- cookie: Secure, the whole site, no Domain.
    assert session["path"] == "/" and not session["domain"]
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def test_the_log_in_form_sets_a_secure_csrf_cookie(client, production_settings):
    response = client.get("/el/account/login/", secure=True)
    csrf = response.cookies["__Host-csrftoken"]
    assert csrf["secure"] and csrf["samesite"] in ("Lax", "Strict")


def test_development_over_plain_http_keeps_plain_cookie_names(monkeypatch):
    """A __Host- cookie needs HTTPS; with DEBUG (http://127.0.0.1) the browser would drop it."""
    import importlib.util

    from tests.security.conftest import SETTINGS_FILE

    monkeypatch.setenv("DEBUG", "1")
    spec = importlib.util.spec_from_file_location("development_settings", SETTINGS_FILE)
    development = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(development)
    assert (development.SESSION_COOKIE_NAME, development.CSRF_COOKIE_NAME) == (
        "sessionid",
        "csrftoken",
    )
