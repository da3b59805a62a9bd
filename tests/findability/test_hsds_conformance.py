"""HSDS 3.0 conformance, checked against Open Referral's own files (tests/findability/hsds):
UUID ids everywhere, every endpoint of the official OpenAPI document, the about document, our
OpenAPI document, 301s from the first version's integer ids, 405s and English errors."""

import json
import uuid

import pytest
from django.test import Client

from .hsds_schemas import ITEM_SCHEMA_FIXES, ITEMS, openapi, validate_response

pytestmark = pytest.mark.django_db


def _ids(value, path="") -> list[tuple[str, str]]:
    """Every (where, value) of an `id` or `*_id` key, however deep."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            if (key == "id" or key.endswith("_id")) and isinstance(item, str):
                found.append((f"{path}/{key}", item))
            found += _ids(item, f"{path}/{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _ids(item, f"{path}/{index}")
    return found


def _is_uuid(text: str) -> bool:
    try:
        return str(uuid.UUID(text)) == text
    except ValueError:
        return False


@pytest.mark.parametrize("lang", ["el", "en"])
def test_every_item_of_every_list_answers_its_official_schema_with_uuids_everywhere(
    client, directory, lang
):
    for list_path, item_path in ITEMS.items():
        page = client.get(f"/api/hsds{list_path}", {"lang": lang, "per_page": 500}).json()
        assert page["contents"], list_path
        for item in page["contents"]:
            response = client.get(f"/api/hsds{list_path}/{item['id']}", {"lang": lang})
            assert response.status_code == 200, (list_path, item["id"])
            body = response.json()
            validate_response(item_path, body)
            assert body["id"] == item["id"]
            not_uuids = [(where, v) for where, v in _ids(body) if not _is_uuid(v)]
            assert not not_uuids, (item_path, not_uuids)
        assert not [(w, v) for w, v in _ids(page) if not _is_uuid(v)], list_path


def test_ids_are_the_stored_uuids_and_do_not_change_between_answers(client, directory):
    service = directory["service"]
    first = client.get(f"/api/hsds/services/{service.uuid}").json()
    assert first["id"] == str(service.uuid)
    assert first["organization_id"] == str(directory["organisation"].uuid)
    [link] = first["service_at_locations"]
    assert link["location_id"] == str(directory["location"].uuid)
    service.name_el = "Άλλο όνομα"
    service.save()
    again = client.get(f"/api/hsds/services/{service.uuid}").json()
    assert _ids(again) == _ids(first)


def test_a_service_at_location_is_answered_with_its_location_and_service(client, directory):
    [item] = client.get("/api/hsds/service_at_locations").json()["contents"]
    body = client.get(f"/api/hsds/service_at_locations/{item['id']}").json()
    assert body["service"]["id"] == str(directory["service"].uuid)
    assert body["location"]["id"] == str(directory["location"].uuid)


def test_taxonomies_and_terms_have_their_real_structure(client, directory):
    taxonomies = client.get("/api/hsds/taxonomies", {"lang": "en"}).json()["contents"]
    assert len(taxonomies) == 2
    categories = next(t for t in taxonomies if "categor" in t["name"].lower())
    terms = client.get("/api/hsds/taxonomy_terms", {"taxonomy_id": categories["id"]}).json()
    legal = directory["service"].category
    child = directory["service"].subcategory
    by_id = {term["id"]: term for term in terms["contents"]}
    assert by_id[str(child.uuid)]["parent_id"] == str(legal.uuid)
    assert {term["taxonomy_id"] for term in by_id.values()} == {categories["id"]}
    top = client.get("/api/hsds/taxonomy_terms", {"top_only": "true"}).json()["contents"]
    assert str(child.uuid) not in {term["id"] for term in top}
    children = client.get("/api/hsds/taxonomy_terms", {"parent_id": str(legal.uuid)}).json()
    assert [term["id"] for term in children["contents"]] == [str(child.uuid)]
    detail = client.get(f"/api/hsds/taxonomy_terms/{child.uuid}").json()
    assert detail["taxonomy_detail"]["id"] == categories["id"]
    taxonomy = client.get(f"/api/hsds/taxonomies/{categories['id']}", {"lang": "en"})
    assert taxonomy.json() == categories


def test_the_integer_ids_of_the_first_version_move_permanently_to_the_uuid(client, directory):
    service, organisation = directory["service"], directory["organisation"]
    moved = client.get(f"/api/hsds/services/{service.pk}", {"lang": "en"})
    assert moved.status_code == 301
    assert moved["Location"] == f"/api/hsds/services/{service.uuid}?lang=en"
    moved = client.get(f"/api/hsds/organizations/{organisation.pk}")
    assert moved["Location"] == f"/api/hsds/organizations/{organisation.uuid}"
    moved = client.get(f"/api/hsds/service_at_locations/{service.pk}-{directory['location'].pk}")
    assert moved.status_code == 301
    assert client.get(moved["Location"]).status_code == 200


def test_the_about_document_names_the_version_the_profile_and_our_openapi(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    about = client.get("/api/hsds/", {"lang": "en"}).json()
    validate_response("/", about)
    assert about["version"] == "3.0"
    assert about["openapi_url"] == "https://portal.example.org/api/hsds/openapi.json"
    assert about["profile"] == "https://portal.example.org/en/data/hsds-profile/"
    assert client.get("/api/hsds/openapi.json").status_code == 200
    assert client.get("/en/data/hsds-profile/").status_code == 200


def test_our_openapi_document_is_hsds_with_our_server_parameters_and_errors(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    ours = client.get("/api/hsds/openapi.json").json()
    official = openapi()
    assert ours["openapi"] == official["openapi"] == "3.1.0"
    assert ours["servers"] == [{"url": "https://portal.example.org/api/hsds"}]
    assert set(ours["paths"]) == set(official["paths"])
    for path, item in official["paths"].items():
        mine = ours["paths"][path]["get"]
        assert mine["operationId"] == item["get"]["operationId"]
        schema = mine["responses"]["200"]["content"]["application/json"]["schema"]
        expected = item["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        if path in ITEM_SCHEMA_FIXES:
            assert schema == {"$ref": ITEM_SCHEMA_FIXES[path]}
        elif path == "/":  # ours also says the three fields are always there
            assert schema["properties"] == expected["properties"]
            assert schema["required"] == ["version", "profile", "openapi_url"]
        else:
            assert schema == expected, path
        assert "400" in mine["responses"]
        names = {p["$ref"].rsplit("/", 1)[-1] for p in mine["parameters"]}
        assert "lang" in names
        if not path.endswith("}") and path != "/":
            assert {"page", "per_page", "format"} <= names
    parameters = ours["components"]["parameters"]
    assert parameters["lang"]["schema"]["enum"] == ["el", "en"]
    assert parameters["per_page"]["schema"]["maximum"] == 500


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", ["/api/hsds/services", "/api/hsds/", "/api/hsds/openapi.json"])
def test_unsupported_methods_answer_405_with_allow_even_with_csrf_checks(method, url):
    response = getattr(Client(enforce_csrf_checks=True), method)(url)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) >= {"GET", "HEAD"}


def test_errors_are_english_json_unless_lang_asks_for_greek(client, directory):
    greek_browser = {"HTTP_ACCEPT_LANGUAGE": "el"}
    bad = client.get("/api/hsds/services", {"per_page": "x"}, **greek_browser)
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/json"
    assert bad.json()["error"] == "Invalid query parameters."
    assert bad.json()["details"]["per_page"] == ["Enter a whole number."]
    missing = client.get(f"/api/hsds/services/{uuid.uuid4()}", **greek_browser)
    assert missing.json() == {"error": "No public service with this id."}
    greek = client.get("/api/hsds/services", {"per_page": "x", "lang": "el"}).json()
    assert greek["error"] == "Μη έγκυρες παράμετροι ερωτήματος."
    assert json.dumps(greek, ensure_ascii=False).count("αριθμό") >= 1


@pytest.mark.parametrize(
    ("lang", "heading"),
    [("el", "Γλώσσες: ελληνικά και αγγλικά"), ("en", "Languages: Greek and English")],
)
def test_the_profile_page_documents_the_language_convention_in_both_languages(
    client, lang, heading
):
    html = client.get(f"/{lang}/data/hsds-profile/").content.decode()
    assert heading in html
    assert "<code>lang=en</code>" in html
    assert 'href="http://testserver/api/hsds/openapi.json"' in html
