"""Open Referral's own schemas accept every list and every item the API returns for the demo
data and a generated set (seed_demo --scale), in both languages.

bench/hsds_conformance.py runs the same check on `seed_demo --scale 2000`."""

import io

import pytest
from django.core.management import call_command

from .hsds_schemas import ITEMS, LISTS, validate_response

pytestmark = pytest.mark.django_db


def every_answer(client, lang: str):
    """(path template, body) of every page of every list and of every item."""
    for list_path in LISTS:
        number = 1
        while True:
            page = client.get(
                f"/api/hsds{list_path}", {"lang": lang, "per_page": 500, "page": number}
            )
            assert page.status_code == 200
            body = page.json()
            yield list_path, body
            for item in body["contents"]:
                response = client.get(f"/api/hsds{list_path}/{item['id']}", {"lang": lang})
                assert response.status_code == 200, (list_path, item["id"])
                yield ITEMS[list_path], response.json()
            if body["last_page"]:
                break
            number += 1
    yield "/", client.get("/api/hsds/", {"lang": lang}).json()


def test_the_demo_data_and_a_generated_set_validate_against_the_official_schemas(client):
    call_command("seed_demo", "--scale", "8", stdout=io.StringIO())
    for lang in ("el", "en"):
        seen = {}
        for path, body in every_answer(client, lang):
            validate_response(path, body)
            seen[path] = seen.get(path, 0) + 1
        assert seen["/services/{id}"] >= 40
        assert set(seen) == {*LISTS, *ITEMS.values(), "/"}
