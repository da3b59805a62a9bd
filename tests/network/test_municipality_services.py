import pytest

from network.models import Structure
from tests import factories
from tests.network.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def trikala():
    kem = factories.make_organisation(slug="kem-trikala")
    municipality = factories.make_municipality(name="Τρίκαλα", name_en="Trikala", slug="trikala")
    factories.make_structure(municipality=municipality, organisation=kem, kind=Structure.Kind.KEM)
    return municipality


def test_list_is_paginated_and_keeps_the_category_in_page_links(client, trikala):
    education = factories.make_category(slug="education")
    kem = trikala.structures.get().organisation
    for n in range(30):
        factories.make_service(name=f"Μάθημα {n:02d}", organisation=kem, category=education)
    html = client.get("/en/network/trikala/services/?category=education").content.decode()
    assert "30 services" in html
    assert 'href="?category=education&amp;page=2"' in html
    html = client.get("/en/network/trikala/services/?category=education&page=2").content.decode()
    assert "Μάθημα 29" in html
    assert "Μάθημα 00" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?category=unknown",
        "?page=0",
        "?page=-3",
        "?page=abc",
        "?page=99999999999999999999",
        "?page=%00",
        "?category=%00",
        "?category=" + "é" * 3000,
    ],
)
def test_bad_input_gives_a_page_not_an_error(client, trikala, query):
    response = client.get(f"/el/network/trikala/services/{query}")
    assert response.status_code == 200


def test_unknown_category_is_explained_and_ignored(client, trikala):
    factories.make_service(name="Ενημέρωση", organisation=trikala.structures.get().organisation)
    html = client.get("/en/network/trikala/services/?category=unknown").content.decode()
    assert "Some filters were not understood and have been ignored." in html
    assert "Ενημέρωση" in html


def test_services_list_queries_are_constant(client, trikala, django_assert_max_num_queries):
    # Queries: municipality; categories; structures; count; page of services.
    kem = trikala.structures.get().organisation
    factories.make_service(organisation=kem)
    few = queries_for(client, "/el/network/trikala/services/")
    for _ in range(40):
        factories.make_service(organisation=kem)
    with django_assert_max_num_queries(5):
        client.get("/el/network/trikala/services/")
    assert queries_for(client, "/el/network/trikala/services/") == few
