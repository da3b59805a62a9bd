"""Admin search finds records as the site search does: case, accents, Greeklish, inflections."""

import json

import pytest

from tests.factories import (
    make_category,
    make_location,
    make_municipality,
    make_organisation,
    make_service,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "term",
    [
        "συμβουλιο προσφυγες",
        "ΣΥΜΒΟΎΛΙΟ",
        "Συμβούλιο",
        "refugees",
        "gcr",
        "symvoulio prosfyges",  # Greeklish
        "simvouliou",  # Greeklish, another spelling and case ending
        "πρόσφυγα συμβούλιο",  # another inflection, any word order
    ],
)
def test_organisations_are_found_without_accents_or_case(client, coordinator, term):
    make_organisation(
        name="Ελληνικό Συμβούλιο για τους Πρόσφυγες",
        name_en="Greek Council for Refugees",
        short_name="ΕΣΠ",
        slug="gcr",
    )
    make_organisation(name="Άλλη οργάνωση", slug="other")
    page = client.get("/admin/members/organisation/", {"q": term}).content.decode()
    assert "Ελληνικό Συμβούλιο για τους Πρόσφυγες" in page
    assert "Άλλη οργάνωση" not in page


def test_services_and_municipalities_are_found_without_accents(client, coordinator):
    make_service(name="Νομική συνδρομή σε αιτούντες άσυλο", slug="legal")
    make_service(name="Ιατρείο", slug="clinic")
    page = client.get("/admin/members/service/", {"q": "αιτουντες ασυλο"}).content.decode()
    assert "Νομική συνδρομή" in page and "Ιατρείο" not in page

    make_municipality(name="Θεσσαλονίκη", slug="thessaloniki")
    page = client.get("/admin/network/municipality/", {"q": "θεσσαλονικη"}).content.decode()
    assert "Θεσσαλονίκη" in page


def test_autocomplete_of_categories_ignores_accents_and_offers_top_level_only(client, coordinator):
    legal = make_category(slug="legal", name="Νομική βοήθεια", name_en="Legal aid")
    make_category(slug="asylum", name="Νομική βοήθεια για άσυλο", parent=legal)
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "members",
            "model_name": "service",
            "field_name": "category",
            "term": "νομικη",
        },
    )
    results = json.loads(response.content)["results"]
    assert [r["id"] for r in results] == [str(legal.pk)]


def test_a_query_of_stop_words_alone_finds_by_the_usual_search_only(client, coordinator):
    make_organisation(name="Ελληνικό Συμβούλιο για τους Πρόσφυγες", slug="gcr")
    page = client.get("/admin/members/organisation/", {"q": "και"}).content.decode()
    assert "Ελληνικό Συμβούλιο" not in page


def test_locations_are_found_by_their_organisations_name_in_greeklish(client, coordinator):
    organisation = make_organisation(name="Ελληνικό Συμβούλιο για τους Πρόσφυγες", slug="gcr")
    make_location(organisation=organisation, address_el="Σολωμού 25")
    make_location(address_el="Πατησίων 1")
    page = client.get("/admin/members/location/", {"q": "symvoulio"}).content.decode()
    assert "Σολωμού 25" in page and "Πατησίων 1" not in page


def test_vocabularies_are_found_in_greeklish(client, coordinator):
    make_category(slug="legal", name="Νομική βοήθεια", name_en="Legal aid")
    make_category(slug="health", name="Υγεία", name_en="Health")
    page = client.get("/admin/members/servicecategory/", {"q": "nomiki voithia"}).content.decode()
    assert "Νομική βοήθεια" in page and "Υγεία" not in page
