"""A property-based test of the whole API with schemathesis, from our OpenAPI document as a
live test server serves it: no 5xx, no answer that breaks its schema (the official HSDS 3.0
ones, vendored), no undocumented status code or content type.

The document's references to Open Referral's schemas resolve to the vendored files (no
network). Examples per operation are bounded (MAX_EXAMPLES) so the suite stays fast."""

import json
import urllib.request

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from .hsds_schemas import BASE, FOLDER

MAX_EXAMPLES = 15


def _local(document: dict) -> dict:
    """`document` with every reference to Open Referral's files pointing at a copy of the
    vendored file in its components."""
    schemas = document.setdefault("components", {}).setdefault("schemas", {})

    def name_of(url: str) -> str:
        return "hsds_" + url.removeprefix(BASE).removesuffix(".json").replace("/", "_")

    def rewrite(node, base_dir: str):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                url = ref if ref.startswith("https://") else base_dir + ref
                if name_of(url) not in schemas:
                    schemas[name_of(url)] = {}
                    relative = url.removeprefix(BASE)
                    loaded = json.loads((FOLDER / relative).read_text(encoding="utf-8"))
                    schemas[name_of(url)] = rewrite(loaded, url.rsplit("/", 1)[0] + "/")
                node = {**node, "$ref": f"#/components/schemas/{name_of(url)}"}
            return {key: rewrite(value, base_dir) for key, value in node.items()}
        if isinstance(node, list):
            return [rewrite(item, base_dir) for item in node]
        return node

    document["paths"] = rewrite(document["paths"], BASE + "schema/")
    return document


@pytest.mark.django_db(transaction=True)
def test_the_api_keeps_every_promise_of_its_openapi_document(
    live_server, directory, build_files, settings
):
    build_files()  # format=ndjson answers from the built files
    settings.SITE_URL = ""  # links and the document's server are the live server's address
    settings.API_REQUESTS_PER_MINUTE = settings.BULK_DOWNLOADS_PER_HOUR = 100_000
    with urllib.request.urlopen(f"{live_server.url}/api/hsds/openapi.json") as response:
        document = json.loads(response.read())
    assert document["servers"] == [{"url": f"{live_server.url}/api/hsds"}]
    schema = schemathesis.openapi.from_dict(_local(document))
    schema.config.update(base_url=document["servers"][0]["url"])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(document["paths"])
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            case.call_and_validate()

        check()
