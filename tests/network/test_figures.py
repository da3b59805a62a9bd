"""The network's municipalities on the directory-in-figures page, and the links to it."""

import csv
import io

import pytest

from tests.factories import make_category, make_municipality, make_organisation, make_service

pytestmark = pytest.mark.django_db


def test_the_municipalities_are_side_by_side_with_their_services_per_category(client):
    legal = make_category(slug="legal", name="Νομική βοήθεια", name_en="Legal aid")
    make_category(slug="health", name="Υγεία", name_en="Health")
    city = make_organisation(name="Δήμος Κατερίνης", name_en="Municipality of Katerini")
    make_municipality(name="Κατερίνη", name_en="Katerini", organisation=city)
    make_municipality(name="Τρίκαλα", name_en="Trikala")
    make_service(organisation=city, category=legal)
    make_service(organisation=city, category=legal)
    response = client.get("/en/data/figures/network-municipalities.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Municipality", "Health", "Legal aid"]
    assert {row[0]: row[1:] for row in rows[1:]} == {"Katerini": ["0", "2"], "Trikala": ["0", "0"]}
    html = client.get("/en/data/figures/").content.decode()
    assert 'id="network-municipalities"' in html


@pytest.mark.parametrize("url", ["/en/network/", "/en/network/compare/", "/en/data/", "/en/"])
def test_the_figures_are_linked_from_the_network_the_open_data_page_and_the_footer(client, url):
    assert 'href="/en/data/figures/' in client.get(url).content.decode()
