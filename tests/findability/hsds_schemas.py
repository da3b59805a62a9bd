"""Open Referral's own HSDS 3.0 files (vendored in ./hsds, see its README), ready to validate.

`validate_response(path, body)` checks a JSON body against the schema HSDS's OpenAPI
document gives for GET `path` (a template such as "/services/{id}"), with the JSON Schema
formats asserted (uuid, uri, date-time, email). Every reference resolves to the vendored
files, registered under the addresses the OpenAPI document names.
"""

import functools
import json
from pathlib import Path

from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

FOLDER = Path(__file__).parent / "hsds"
BASE = "https://raw.githubusercontent.com/openreferral/specification/3.0/"
OPENAPI_URL = BASE + "schema/openapi.json"
VERSION = "3.0"

# Our paths, and the response schema HSDS's document names for them.
LISTS = ["/services", "/organizations", "/service_at_locations", "/taxonomies", "/taxonomy_terms"]
ITEMS = {
    "/services": "/services/{id}",
    "/organizations": "/organizations/{id}",
    "/service_at_locations": "/service_at_locations/{id}",
    "/taxonomies": "/taxonomies/{id}",
    "/taxonomy_terms": "/taxonomy_terms/{id}",
}
# HSDS 3.0's OpenAPI document gives /service_at_locations/{id} the *service* schema (fixed
# upstream in 3.1); a service-at-location is what that path returns, so it is checked
# against compiled/service_at_location.json, and our own OpenAPI document says so.
ITEM_SCHEMA_FIXES = {
    "/service_at_locations/{id}": BASE + "schema/compiled/service_at_location.json"
}


def _load(relative: str) -> dict:
    return json.loads((FOLDER / relative).read_text(encoding="utf-8"))


@functools.cache
def openapi() -> dict:
    return _load("schema/openapi.json")


@functools.cache
def datapackage() -> dict:
    return _load("datapackage.json")


@functools.cache
def registry() -> Registry:
    resources = []
    for path in sorted((FOLDER / "schema").rglob("*.json")):
        relative = path.relative_to(FOLDER).as_posix()
        resources.append((BASE + relative, DRAFT202012.create_resource(_load(relative))))
    return Registry().with_resources(resources)


def _pointer(path: str) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"{OPENAPI_URL}#/paths/{escaped}/get/responses/200/content/application~1json/schema"


@functools.cache
def validator(path: str) -> Draft202012Validator:
    """A validator for the 200 answer to GET `path`, as HSDS's OpenAPI document says."""
    if path not in openapi()["paths"]:
        raise KeyError(f"HSDS 3.0 defines no {path}")
    target = ITEM_SCHEMA_FIXES.get(path) or _pointer(path)
    return Draft202012Validator(
        {"$ref": target},
        registry=registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


@functools.cache
def item_validator(list_path: str) -> Draft202012Validator:
    """A validator for one item of the list at `list_path` (what an NDJSON line holds)."""
    item = f"{_pointer(list_path)}/properties/contents/items"
    return Draft202012Validator(
        {"$ref": item}, registry=registry(), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(path: str, body) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in validator(path).iter_errors(body)
    ]


def validate_response(path: str, body) -> None:
    problems = errors(path, body)
    assert not problems, "\n".join(problems[:20])


def validate_item(list_path: str, item) -> None:
    problems = [
        f"{'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}"
        for e in item_validator(list_path).iter_errors(item)
    ]
    assert not problems, "\n".join(problems[:20])
