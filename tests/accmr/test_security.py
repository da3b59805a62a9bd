import subprocess

import pytest
from django.conf import settings as django_settings

from tests.accmr.conftest import print_setting_in_a_fresh_interpreter
from tests.factories import make_user

ONE_YEAR = 365 * 24 * 60 * 60


def _assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = dict(
        (part.split(" ", 1) + [""])[:2] for part in (p.strip() for p in csp.split(";")) if part
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert "unsafe-inline" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/el/", "/en/about/", "/el/no-such-page/", "/healthz", "/"])
def test_every_response_carries_the_security_headers(client, url):
    _assert_security_headers(client.get(url))


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "status"), [("/en/", 500), ("/healthz", 503)])
def test_the_500_page_and_the_503_health_check_carry_the_security_headers(
    client, database_down, url, status
):
    client.raise_request_exception = False

    response = client.get(url)

    assert response.status_code == status
    _assert_security_headers(response)


def test_static_files_carry_the_security_headers(client, settings):
    settings.WHITENOISE_USE_FINDERS = True

    response = client.get("/static/css/site.css")

    assert response.status_code == 200
    _assert_security_headers(response)


@pytest.mark.django_db
def test_https_responses_ask_for_https_for_at_least_a_year(client):
    response = client.get("/el/", secure=True)

    hsts = response["Strict-Transport-Security"]
    max_age = int(hsts.split("max-age=")[1].split(";")[0])
    assert max_age >= ONE_YEAR
    assert "includeSubDomains" in hsts


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https_when_configured(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/en/contact/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/en/contact/"


def test_cookies_are_secure_httponly_and_samesite_outside_debug():
    assert django_settings.DEBUG is False
    assert django_settings.SESSION_COOKIE_SECURE is True
    assert django_settings.SESSION_COOKIE_HTTPONLY is True
    assert django_settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert django_settings.CSRF_COOKIE_SECURE is True
    assert django_settings.CSRF_COOKIE_HTTPONLY is True
    assert django_settings.CSRF_COOKIE_SAMESITE == "Lax"


@pytest.mark.django_db
def test_csrf_cookie_is_sent_with_secure_httponly_and_samesite(client):
    response = client.get("/en/account/login/", secure=True)

    cookie = response.cookies[django_settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@pytest.mark.django_db
def test_session_cookie_is_sent_with_secure_httponly_and_samesite(client):
    client.force_login(make_user())

    response = client.get("/en/about/", secure=True)

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def _start_django(**env_changes) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with the given environment."""
    return print_setting_in_a_fresh_interpreter(
        "DEBUG", unset={"SECRET_KEY", "DEBUG"}, **env_changes
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _start_django(DEBUG="0")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY is not set" in result.stderr


def test_refuses_to_start_without_secret_key_when_debug_is_unset():
    result = _start_django()

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_starts_without_secret_key_in_development():
    result = _start_django(DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


def test_starts_with_secret_key_and_debug_off():
    result = _start_django(DEBUG="0", SECRET_KEY="x" * 60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_refuses_to_start_with_a_malformed_debug_value():
    result = _start_django(DEBUG="maybe", SECRET_KEY="x" * 60)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG must be a boolean" in result.stderr
