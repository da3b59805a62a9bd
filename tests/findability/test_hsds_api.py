"""The HSDS 3 open data API: schema, public data only, paging, NDJSON, ETag, CORS, language."""

import gzip
import json

import pytest

from members.models import Service, ServiceStatus
from tests.factories import make_organisation, make_service
from tests.pages import visit_twice

from .conftest import SECRETS
from .hsds_schemas import LISTS, VERSION, validate_item, validate_response

pytestmark = pytest.mark.django_db

LIST_URLS = [f"/api/hsds{path}" for path in LISTS]
NAMES = [path.strip("/") for path in LISTS]


def test_about_names_the_version_licence_docs_and_language_convention(client):
    response = client.get("/api/hsds/")
    assert response.status_code == 200
    about = response.json()
    assert about["version"] == VERSION == "3.0"
    assert about["licence"] == "CC BY 4.0"
    assert about["documentation"].endswith("/el/data/")
    assert about["language"]["default"] == "el"
    assert about["language"]["available"] == ["el", "en"]
    assert "single-language" in about["language"]["convention"]


def test_licence_comes_from_the_setting(client, settings):
    settings.OPEN_DATA_LICENCE = "ODbL 1.0"
    assert client.get("/api/hsds/").json()["licence"] == "ODbL 1.0"


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize("name", NAMES)
def test_every_list_endpoint_validates_against_the_hsds_schema(client, directory, name, lang):
    response = client.get(f"/api/hsds/{name}", {"lang": lang})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = response.json()
    validate_response(f"/{name}", body)
    assert body["total_items"] > 0


@pytest.mark.parametrize("lang", ["el", "en"])
def test_single_service_and_organisation_validate(client, directory, lang):
    service = client.get(f"/api/hsds/services/{directory['service'].uuid}", {"lang": lang}).json()
    validate_response("/services/{id}", service)
    organisation = client.get(
        f"/api/hsds/organizations/{directory['organisation'].uuid}", {"lang": lang}
    ).json()
    validate_response("/organizations/{id}", organisation)
    assert {s["name"] for s in organisation["services"]} >= {service["name"]}


def test_service_carries_hours_languages_locations_categories_and_dates(client, directory):
    service = client.get(f"/api/hsds/services/{directory['service'].uuid}").json()
    assert service["status"] == "active"
    assert service["assured_date"] == directory["service"].last_checked.isoformat()
    assert service["last_modified"].startswith(str(directory["service"].updated_at.date()))
    assert service["schedules"][0] | {} == {
        "id": service["schedules"][0]["id"],
        "service_id": service["id"],
        "freq": "WEEKLY",
        "byday": "MO",
        "opens_at": "09:00",
        "closes_at": "17:00",
        "description": "Europe/Athens",
    }
    assert {language["code"] for language in service["languages"]} == {"el", "ar"}
    [link] = service["service_at_locations"]
    assert link["location"]["latitude"] == pytest.approx(37.986)
    assert link["location"]["addresses"][0]["country"] == "GR"
    terms = {attribute["taxonomy_term_id"] for attribute in service["attributes"]}
    service_record = directory["service"]
    assert terms == {
        str(service_record.category.uuid),
        str(service_record.subcategory.uuid),
        *(str(group.uuid) for group in service_record.population_groups.all()),
    }
    closed = client.get(f"/api/hsds/services/{directory['closed'].uuid}").json()
    assert closed["status"] == "temporarily closed"


def test_language_parameter_chooses_the_text_and_english_falls_back_to_greek(client, directory):
    el = client.get(f"/api/hsds/services/{directory['service'].uuid}", {"lang": "el"})
    en = client.get(f"/api/hsds/services/{directory['service'].uuid}", {"lang": "en"})
    assert el.json()["name"] == "Νομική συμβουλευτική"
    assert en.json()["name"] == "Legal advice"
    assert en["Content-Language"] == "en"
    closed = client.get(f"/api/hsds/services/{directory['closed'].uuid}", {"lang": "en"}).json()
    assert closed["name"] == "Διερμηνεία"
    assert client.get(f"/api/hsds/services/{directory['service'].uuid}").json()["name"] == (
        "Νομική συμβουλευτική"
    )


@pytest.mark.parametrize("value", ["fr", "EL", "", "el,en", "'; DROP TABLE"])
def test_an_invalid_language_is_a_json_400(client, value):
    if value == "":
        assert client.get("/api/hsds/services", {"lang": value}).status_code == 200
        return
    response = client.get("/api/hsds/services", {"lang": value})
    assert response.status_code == 400
    assert "lang" in response.json()["details"]
    assert response["Access-Control-Allow-Origin"] == "*"


def test_drafts_retired_proposals_focal_points_editors_and_staff_notes_never_appear(
    client, directory, built
):
    bodies = []
    for lang in ("el", "en"):
        for url in LIST_URLS:
            bodies.append(client.get(url, {"lang": lang, "per_page": 500}).content.decode())
            response = client.get(url, {"lang": lang, "format": "ndjson"})
            bodies.append(b"".join(response.streaming_content).decode())
        for pk in [directory["organisation"].pk, directory["municipal"].pk]:
            bodies.append(
                client.get(f"/api/hsds/organizations/{pk}", {"lang": lang}).content.decode()
            )
        bodies.append(client.get("/api/hsds/", {"lang": lang}).content.decode())
    text = "\n".join(bodies)
    assert "Νομική συμβουλευτική" in text
    for secret in SECRETS:
        assert secret not in text
    assert "staff_notes" not in text
    assert "focal_point" not in text


def test_private_records_are_404_by_id(client, directory):
    draft = Service.objects.get(name="DRAFT-SERVICE")
    retired = Service.objects.get(name="RETIRED-SERVICE")
    for url in [
        f"/api/hsds/services/{draft.uuid}",
        f"/api/hsds/services/{retired.uuid}",
        f"/api/hsds/services/{draft.pk}",
        f"/api/hsds/organizations/{directory['draft_org'].uuid}",
        f"/api/hsds/organizations/{directory['draft_org'].pk}",
        "/api/hsds/services/999999",
        "/api/hsds/services/abc",
        "/api/hsds/services/99999999999999999999999",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "error" in response.json()


def test_lists_are_paged_the_hsds_way(client):
    organisation = make_organisation()
    for n in range(7):
        make_service(name=f"Υπηρεσία {n}", organisation=organisation)
    first = client.get("/api/hsds/services", {"per_page": 3}).json()
    assert {k: first[k] for k in first if k != "contents"} == {
        "total_items": 7,
        "total_pages": 3,
        "page_number": 1,
        "size": 3,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    last = client.get("/api/hsds/services", {"per_page": 3, "page": 3}).json()
    assert (last["last_page"], last["first_page"], len(last["contents"])) == (True, False, 1)
    beyond = client.get("/api/hsds/services", {"per_page": 3, "page": 9}).json()
    assert beyond["empty"] is True and beyond["contents"] == []
    ids = [
        s["id"]
        for p in (1, 2, 3)
        for s in client.get("/api/hsds/services", {"per_page": 3, "page": p}).json()["contents"]
    ]
    assert len(set(ids)) == 7


@pytest.mark.parametrize(
    "params", [{"page": 0}, {"page": "x"}, {"per_page": 501}, {"per_page": 0}, {"format": "xml"}]
)
def test_bad_paging_parameters_are_a_json_400(client, params):
    response = client.get("/api/hsds/services", params)
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.parametrize("name", NAMES)
def test_ndjson_streams_every_record_one_per_line(client, built, name):
    response = client.get(f"/api/hsds/{name}", {"format": "ndjson"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    total = client.get(f"/api/hsds/{name}").json()["total_items"]
    assert len(lines) == total
    for line in lines:
        validate_item(f"/{name}", json.loads(line))


def test_conditional_get_answers_304_until_the_data_changes(client, directory):
    first = client.get("/api/hsds/services")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert etag and modified
    again = client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/hsds/services", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    assert (
        client.get("/api/hsds/services", {"lang": "en"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    )
    service = directory["service"]
    service.name_el = "Νέο όνομα"
    service.save()
    changed = client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_retiring_a_service_changes_the_etag(client, directory):
    etag = client.get("/api/hsds/services")["ETag"]
    Service.objects.filter(pk=directory["closed"].pk).update(status=ServiceStatus.RETIRED)
    assert client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_cors_allows_any_site_to_read(client, directory):
    for url in ["/api/hsds/", *LIST_URLS, f"/api/hsds/services/{directory['service'].uuid}"]:
        assert client.get(url)["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/hsds/services", HTTP_ORIGIN="https://refugee.example")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_the_api_is_read_only(client):
    for method in (client.post, client.put, client.delete, client.patch):
        response = method("/api/hsds/services")
        assert response.status_code == 405


def test_lists_run_a_constant_number_of_queries(client, directory, django_assert_max_num_queries):
    # Nothing remembered (DATA_CACHE_SECONDS=0 in tests): data version (2) + count + the
    # page's keys + its rows + prefetches (schedules, languages, groups, locations)
    with django_assert_max_num_queries(10):
        client.get("/api/hsds/services")
    with django_assert_max_num_queries(6):
        client.get("/api/hsds/organizations")
    organisation = directory["organisation"]
    for n in range(25):
        service = make_service(name=f"Υπηρεσία {n}", organisation=organisation)
        service.locations.add(directory["location"])
        make_organisation(name=f"Οργάνωση {n}")
    with django_assert_max_num_queries(10):
        client.get("/api/hsds/services", {"per_page": 100})
    with django_assert_max_num_queries(6):
        client.get("/api/hsds/organizations", {"per_page": 100})
    with django_assert_max_num_queries(6):
        client.get("/api/hsds/service_at_locations", {"per_page": 100})


@pytest.mark.parametrize(("per_page", "page"), [(10, 2), (1, 20)])  # a first page, a deep one
def test_once_remembered_a_page_reads_nothing_and_says_the_same(
    client,
    directory,
    settings,
    django_assert_num_queries,
    django_capture_on_commit_callbacks,
    per_page,
    page,
):
    settings.DATA_CACHE_SECONDS = 60
    for n in range(25):
        make_service(name=f"Υπηρεσία {n}", organisation=directory["organisation"])
    first = client.get("/api/hsds/services", {"per_page": per_page, "page": page})
    with django_assert_num_queries(0):
        again = client.get("/api/hsds/services", {"per_page": per_page, "page": page})
    assert again.json() == first.json()
    published = Service.objects.published().order_by("pk")
    start = (page - 1) * per_page
    assert [row["id"] for row in again.json()["contents"]] == [
        str(service.uuid) for service in published[start : start + per_page]
    ]
    with django_capture_on_commit_callbacks(execute=True):  # a change
        make_service(name="Υπηρεσία 0α", organisation=directory["organisation"])
    fresh = client.get("/api/hsds/services", {"per_page": per_page, "page": page}).json()
    assert fresh["total_items"] == first.json()["total_items"] + 1


def test_links_use_the_request_host_when_site_url_is_not_set(client, directory, settings):
    settings.SITE_URL = ""
    service = client.get(f"/api/hsds/services/{directory['service'].uuid}").json()
    assert service["url"].startswith("http://testserver/el/services/")
    # (The NDJSON collections are built outside requests: their links follow SITE_URL.)
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()
    assert (
        "http://testserver/el/organisations/"
        in client.get("/sitemap-organisations.xml").content.decode()
    )


def test_pages_come_from_the_page_cache_until_the_data_changes(
    client, directory, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    first, again = visit_twice(client, "/api/hsds/services", django_assert_num_queries)
    assert again["ETag"] == first["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/hsds/services", {"lang": "en"})["X-Page-Cache"] == "miss"

    service = directory["service"]
    with django_capture_on_commit_callbacks(execute=True):
        service.name_el = "Νέο όνομα υπηρεσίας"
        service.save()
    fresh = client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200
    assert fresh["ETag"] != first["ETag"]
    assert "Νέο όνομα υπηρεσίας" in fresh.content.decode()


def test_ndjson_streams_are_never_cached(client, built, settings):
    settings.PAGE_CACHE = True
    client.get("/api/hsds/services", {"format": "ndjson"})
    response = client.get("/api/hsds/services", {"format": "ndjson"})
    assert response.streaming
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize("name", ["services", "organizations", "service_at_locations"])
def test_ndjson_comes_from_the_built_file_and_never_from_a_build_in_the_request(
    client, directory, build_files, name
):
    waiting = client.get(f"/api/hsds/{name}", {"format": "ndjson", "lang": "en"})
    assert waiting.status_code == 503  # before the first build: no 9-second build here
    assert int(waiting["Retry-After"]) > 0
    assert waiting["Access-Control-Allow-Origin"] == "*"

    build_files()
    response = client.get(f"/api/hsds/{name}", {"format": "ndjson", "lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    total = client.get(f"/api/hsds/{name}", {"lang": "en"}).json()["total_items"]
    assert len(lines) == total
    for line in lines:
        validate_item(f"/{name}", json.loads(line))
    text = "\n".join(lines)
    for secret in SECRETS:
        assert secret not in text
    # A client that takes gzip gets the stored bytes as they are.
    zipped = client.get(
        f"/api/hsds/{name}", {"format": "ndjson", "lang": "en"}, HTTP_ACCEPT_ENCODING="gzip"
    )
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(zipped.streaming_content)).decode().splitlines() == lines


def test_the_ndjson_file_is_a_download_too_and_is_never_built_on_request(
    client, directory, build_files
):
    assert client.get("/el/data/hsds-services-el.ndjson.gz").status_code == 503
    build_files()
    response = client.get("/el/data/hsds-services-el.ndjson.gz")
    assert response.status_code == 200
    lines = gzip.decompress(b"".join(response.streaming_content)).decode().splitlines()
    assert len(lines) == client.get("/api/hsds/services").json()["total_items"]
    assert client.get("/el/data/hsds-secrets-el.ndjson.gz").status_code == 404


def test_a_renamed_category_changes_the_etag_where_the_cache_is_shared(
    client, directory, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE = True
    etag = client.get("/api/hsds/taxonomy_terms")["ETag"]
    category = directory["service"].category
    with django_capture_on_commit_callbacks(execute=True):
        category.name_en = "A new name for the category"
        category.save()
    changed = client.get("/api/hsds/taxonomy_terms", {"lang": "en"})
    again = client.get("/api/hsds/taxonomy_terms", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert "A new name for the category" in changed.content.decode()


def test_a_query_string_is_checked_once_and_a_refused_one_every_time(
    client, directory, monkeypatch
):
    from members.hsds import views as hsds_views

    built = []
    real = hsds_views.ApiParams

    class Counting(real):
        def __init__(self, *args, **kwargs):
            built.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(hsds_views, "ApiParams", Counting)
    monkeypatch.setattr(hsds_views, "_valid_queries", hsds_views.Memo(10))
    for _ in range(3):
        page = client.get("/api/hsds/services", {"per_page": 1, "page": 2, "lang": "en"})
        assert page.json()["page_number"] == 2
        assert page.json()["size"] == 1
    assert len(built) == 1
    for _ in range(2):
        refused = client.get("/api/hsds/services", {"per_page": 0, "lang": "en"})
        assert refused.status_code == 400
        assert "per_page" in refused.json()["details"]
    assert len(built) == 3
