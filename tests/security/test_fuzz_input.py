"""Hostile path segments on every route, hostile admin parameters on every list, hostile
autocomplete terms: a page or a client error, never a 500. (Query strings of the public pages
are fuzzed in test_injection.py.) Run against PostgreSQL too: it refuses NUL characters and
out-of-range integers where SQLite does not."""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.contrib import admin

from accmr.models import User
from tests.security.routes import BUILDABLE, _args, _kwarg_sets, urls_for

pytestmark = pytest.mark.django_db

# Already percent-encoded, as they travel in a request line.
HOSTILE_SEGMENTS = (
    "%C2%B2",  # superscript two: str.isdigit() says yes, int() says no
    "%E2%91%A0",  # circled one, likewise
    "%00",
    "%00abc",
    "99999999999999999999",
    "-1",
    "0",
    "%2e%2e",
    "%FF%FE",  # not UTF-8
    "%27%20OR%20%271%27%3D%271",
    "%F0%9F%98%80",
    "a" * 300,
    # Malformed UUIDs, for the task queue's results (keyed by UUID) and the HSDS API.
    "00000000-0000-0000-0000-00000000000g",
    "00000000-0000-0000-0000-0000000000001",
    "00000000-0000-0000-0000-00000000000%00",
    "%EF%BC%90" * 32,  # fullwidth zeros: int() and uuid.UUID() disagree about digits
)
HOSTILE_VALUES = (
    "\x00",
    "a\x00b",
    "99999999999999999999",
    "-1",
    "²",
    "①",
    "' OR '1'='1",
    "[]",
    "ά" * 500,
)

ROUTES_WITH_SEGMENTS = [r for r in BUILDABLE if r.params or r.positional]


@pytest.fixture
def superuser_client(client):
    user = User.objects.create_superuser(email="root@example.org", password="x" * 20)
    client.force_login(user)
    return client


def _segment_variants(url: str, values: list[str]) -> dict[tuple[int, str], str]:
    """The URL with each of its parameter segments replaced by each hostile segment, keyed
    by (segment position, hostile segment)."""
    parts = url.split("/")
    variants = {}
    for index, part in enumerate(parts):
        for value in values:
            # The whole segment, or the value inside it (`sitemap-<section>.xml`).
            if part == value or (len(value) > 2 and value in part):
                for hostile in HOSTILE_SEGMENTS:
                    segment = part.replace(value, hostile)
                    variants[index, hostile] = "/".join(
                        [*parts[:index], segment, *parts[index + 1 :]]
                    )
    return variants


def _hostile_urls(route, records) -> list[str]:
    """Every hostile segment in every parameter segment of the route, each sent once.

    A route's URLs differ only in the language prefix and in a choice value (the sitemap
    section, the open-data file, the admin app); the hostile segment takes the place of the
    parameter, so the same (position, hostile segment) on each of them reaches the same code.
    It is sent on one of them, taken in turn, so every language and every choice still gets
    hostile input: 16 requests a parameter instead of 16 for each language and choice.
    """
    values = {quote(v, safe="") for kwargs in _kwarg_sets(route, records) for v in kwargs.values()}
    # Positional groups (simple_history's object and history keys) hold an existing row's key.
    values |= {"1", *_args(route)} if route.positional else set()
    per_url = [_segment_variants(url, list(values)) for url in urls_for(route, records)]
    keys = sorted({key for variants in per_url for key in variants})
    chosen = []
    for number, key in enumerate(keys):
        candidates = [variants[key] for variants in per_url if key in variants]
        chosen.append(candidates[number % len(candidates)])
    return chosen


@pytest.mark.parametrize("route", ROUTES_WITH_SEGMENTS, ids=lambda r: r.label)
def test_hostile_path_segments_get_a_page_or_a_client_error(superuser_client, records, route):
    tried = _hostile_urls(route, records)
    for variant in tried:
        response = superuser_client.get(variant)
        assert response.status_code < 500, f"GET {variant} answered {response.status_code}"
    assert tried, f"no parameter segment found in {route.label}"


def test_the_sample_sends_every_hostile_segment_in_every_language(records):
    """The sampling above leaves out no hostile segment and no language of a page."""
    (route,) = [r for r in ROUTES_WITH_SEGMENTS if r.name == "members:organisation_detail"]
    tried = _hostile_urls(route, records)
    assert len(tried) == len(HOSTILE_SEGMENTS)
    assert {url.split("/")[1] for url in tried} == {"el", "en"}
    assert {url.split("/")[3] for url in tried} == set(HOSTILE_SEGMENTS)


def test_the_two_hsds_ids_that_were_500s_are_404s(client):
    assert client.get("/api/hsds/organizations/%C2%B2").status_code == 404
    assert client.get("/api/hsds/services/%E2%91%A0").status_code == 404


@pytest.mark.parametrize("path", ["/el/organisations/%00/", "/api/hsds/services/%00", "/%00"])
def test_a_nul_character_in_the_path_is_a_bad_request(client, path):
    assert client.get(path).status_code == 400


def test_a_nul_character_in_an_admin_parameter_is_a_bad_request(superuser_client):
    response = superuser_client.get("/admin/members/organisation/", {"status": "\x00"})
    assert response.status_code == 400
    response = superuser_client.get(
        "/admin/autocomplete/",
        {
            "app_label": "members",
            "model_name": "service",
            "field_name": "organisation",
            "term": "a\x00",
        },
    )
    assert response.status_code == 400


# --- the admin's lists and autocompletes ---------------------------------------------------------

CHANGELISTS = [r for r in BUILDABLE if r.is_admin and (r.name or "").endswith("_changelist")]


class _QueryKeys(HTMLParser):
    def __init__(self):
        super().__init__()
        self.keys: set[str] = set()

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and "?" in href:
            self.keys.update(k for k, _ in parse_qsl(urlsplit(href).query))


def _model_admin(route):
    name = route.name.removeprefix("admin:").removesuffix("_changelist")
    for model, model_admin in admin.site._registry.items():
        if name == f"{model._meta.app_label}_{model._meta.model_name}":
            return model_admin
    raise LookupError(route.name)


def _admin_params(client, url: str, model_admin) -> set[str]:
    page = client.get(url)
    assert page.status_code == 200, f"{url}: {page.status_code}"
    parser = _QueryKeys()
    parser.feed(page.content.decode())
    keys = parser.keys | {"q", "o", "p", "all", "_changelist_filters"}
    if model_admin.date_hierarchy:
        field = model_admin.date_hierarchy
        keys |= {f"{field}__year", f"{field}__month", f"{field}__day"}
    return keys


@pytest.mark.parametrize("route", CHANGELISTS, ids=lambda r: r.label)
def test_hostile_admin_list_parameters_get_a_page_or_a_client_error(
    superuser_client, records, route
):
    records["organisation"]  # rows, so the filters and the date links have something to show
    model_admin = _model_admin(route)
    (url,) = urls_for(route, records)
    for key in sorted(_admin_params(superuser_client, url, model_admin)):
        for value in HOSTILE_VALUES:
            response = superuser_client.get(url, {key: value})
            assert response.status_code < 500, f"{url}?{key}={value!r:.40}: {response.status_code}"


@pytest.mark.parametrize("year", ["99999999999999999999", "9999", "0", "-5"])
def test_a_date_hierarchy_year_out_of_range_is_no_server_error(superuser_client, year):
    url = "/admin/members/problemreport/"
    for extra in (
        {},
        {"created_at__month": "12"},
        {"created_at__month": "12", "created_at__day": "31"},
    ):
        response = superuser_client.get(url, {"created_at__year": year, **extra})
        assert response.status_code < 500, (year, extra, response.status_code)


def _autocomplete_sources():
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            yield model._meta.app_label, model._meta.model_name, field_name


@pytest.mark.parametrize("source", list(_autocomplete_sources()), ids="-".join)
def test_hostile_autocomplete_terms_get_an_answer_or_a_client_error(superuser_client, source):
    app_label, model_name, field_name = source
    for value in HOSTILE_VALUES:
        response = superuser_client.get(
            "/admin/autocomplete/",
            {
                "app_label": app_label,
                "model_name": model_name,
                "field_name": field_name,
                "term": value,
            },
        )
        assert response.status_code < 500, f"{source} term={value!r:.40}: {response.status_code}"


# Models of the back office keyed by UUID: the task queue's results. accmr.admin_site answers 404
# to a key of theirs that is no well-formed UUID, and the path fuzz above sends them malformed ones.
UUID_KEYED_APPS = {"django_tasks_database"}  # django_tasks_db's app label


def test_every_model_in_the_back_office_has_an_integer_key():
    """accmr.admin_site answers 404 to any key that is not a number (or, for the task queue's
    results, not a UUID): that must stay right."""
    from django.db.models import AutoField, BigAutoField, IntegerField, UUIDField

    for model in admin.site._registry:
        if model._meta.app_label in UUID_KEYED_APPS:
            assert isinstance(model._meta.pk, UUIDField), model
        else:
            assert isinstance(model._meta.pk, AutoField | BigAutoField | IntegerField), model


@pytest.mark.parametrize(
    "key",
    [
        "00000000-0000-0000-0000-00000000000g",
        "00000000-0000-0000-0000-0000000000001",
        "1",
        "%C2%B2",
        "%EF%BC%90" * 32,
        "99999999999999999999",
    ],
)
def test_a_malformed_task_result_key_is_a_missing_page(superuser_client, key):
    response = superuser_client.get(f"/admin/django_tasks_database/dbtaskresult/{key}/change/")
    assert response.status_code == 404, key
    response = superuser_client.get(f"/admin/django_tasks_database/dbtaskresult/{key}/history/")
    assert response.status_code == 404, key


def test_a_well_formed_task_result_key_reaches_the_admin(superuser_client):
    """Not the 404 of a malformed key: Django's own "no such record" redirect."""
    from uuid import uuid4

    response = superuser_client.get(f"/admin/django_tasks_database/dbtaskresult/{uuid4()}/change/")
    assert response.status_code == 302
