"""Every URL refuses a POST without a CSRF token, whoever sends it (routes from the resolver)."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.http import HttpResponseForbidden
from django.test import Client

from tests.factories import make_user
from tests.security.routes import BUILDABLE, urls_for

pytestmark = pytest.mark.django_db

# Views that are deliberately csrf_exempt: they must then refuse POST altogether (405).
# The HSDS API is read-only and answers every other method 405 (with Allow), so it skips the
# CSRF check that would answer 403 first (see members.hsds.views.hsds_endpoint).
CSRF_EXEMPT_READ_ONLY: set[str] = {
    "hsds:about",
    "hsds:openapi",
    "hsds:services",
    "hsds:service_detail",
    "hsds:organizations",
    "hsds:organization_detail",
    "hsds:service_at_locations",
    "hsds:service_at_location_detail",
    "hsds:taxonomies",
    "hsds:taxonomy_detail",
    "hsds:taxonomy_terms",
    "hsds:taxonomy_term_detail",
}
# Views that are csrf_exempt because a signed token in the URL is the proof (the digest's
# one-click unsubscribe, which mail programs POST without a form, RFC 8058): without a valid
# token they must refuse with a 400.
CSRF_EXEMPT_SIGNED = {"bulletin:digest_unsubscribe"}
MARKER = b"csrf-refused-by-the-middleware"


def csrf_failure(request, reason=""):
    return HttpResponseForbidden(MARKER)


@pytest.fixture
def csrf_client(settings):
    settings.CSRF_FAILURE_VIEW = "tests.security.test_csrf.csrf_failure"
    return Client(enforce_csrf_checks=True)


def _assert_refused(response, url):
    if response.status_code == 405:
        # A read-only route refuses the method before the CSRF check (accmr.middleware); a
        # route that takes POST must still meet the CSRF check.
        assert "POST" not in response["Allow"], url
        return
    assert response.status_code == 403 and response.content == MARKER, (
        f"POST {url} without a CSRF token was not refused by the CSRF check "
        f"({response.status_code})"
    )


def _assert_refused_unless_exempt(route, response, url):
    """A route exempt from the CSRF check answers as its exemption says; any other refuses."""
    if route.name in CSRF_EXEMPT_READ_ONLY:
        assert response.status_code == 405, url
    elif route.name in CSRF_EXEMPT_SIGNED:
        assert response.status_code == 400, url
    else:
        _assert_refused(response, url)


@pytest.mark.parametrize("route", BUILDABLE, ids=lambda r: r.label)
def test_post_without_csrf_token_is_refused_for_anonymous_visitors(csrf_client, records, route):
    for url in urls_for(route, records):
        response = csrf_client.post(url, {"name": "x", "username": "a@b.c", "password": "x"})
        _assert_refused_unless_exempt(route, response, url)


@pytest.mark.parametrize("route", BUILDABLE, ids=lambda r: r.label)
def test_post_without_csrf_token_is_refused_for_a_logged_in_superuser(csrf_client, records, route):
    Group.objects.create(name="editors")  # a row for the admin's object URLs
    csrf_client.force_login(make_user(is_staff=True, is_superuser=True))
    for url in urls_for(route, records):
        response = csrf_client.post(url, {"name": "x"})
        _assert_refused_unless_exempt(route, response, url)


def test_post_with_the_csrf_token_gets_past_the_check(csrf_client, records):
    """The check above can tell a CSRF refusal from any other answer."""
    csrf_client.get("/el/account/login/")
    token = csrf_client.cookies[django_settings.CSRF_COOKIE_NAME].value
    response = csrf_client.post(
        "/el/account/login/",
        {"username": "nobody@example.org", "password": "wrong", "csrfmiddlewaretoken": token},
    )
    assert response.content != MARKER
    assert response.status_code == 400  # the form again, with its error
