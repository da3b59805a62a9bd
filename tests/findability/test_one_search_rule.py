"""One search rule everywhere: a query finds the same records in every list as in the site
search (accmr.lib.text.search_q), whatever the spelling (accents, capitals, Greeklish,
English names, inflections)."""

import pytest

from tests.factories import make_organisation, make_practice, make_service

pytestmark = pytest.mark.django_db

LESSONS = "Μαθήματα ελληνικών στην Αθήνα"
CLINIC = "Κινητή μονάδα υγείας στον Πειραιά"

LISTS = {
    "practices": "/el/network/practices/",
    "organisations": "/el/organisations/",
    "services": "/el/services/",
}


@pytest.fixture
def records():
    """A lessons record and a clinic record of each kind, with slugs naming their kind."""
    make_practice(title=LESSONS, slug="practices-lessons")
    make_practice(title=CLINIC, slug="practices-clinic")
    lessons_org = make_organisation(name=LESSONS, slug="organisations-lessons")
    clinic_org = make_organisation(name=CLINIC, slug="organisations-clinic")
    make_service(name=LESSONS, slug="services-lessons", organisation=lessons_org)
    make_service(name=CLINIC, slug="services-clinic", organisation=clinic_org)


def _found(html: str, kind: str) -> set[str]:
    return {which for which in ("lessons", "clinic") if f"/{kind}-{which}/" in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ellinika", {"lessons"}),  # Greeklish, another inflection
        ("Athens", {"lessons"}),  # the English name of the place
        ("ΑΘΗΝΑ", {"lessons"}),  # capitals, no accents
        ("αθηνα", {"lessons"}),
        ("Αθήνα μαθήματα", {"lessons"}),  # words in any order
        ("mathimata ellinikwn", {"lessons"}),
        ("Piraeus", {"clinic"}),
        ("ygeia", {"clinic"}),
        ("ΥΓΕΊΑΣ", {"clinic"}),
        ("κινητη αθηνα", set()),  # every word must match
    ],
)
def test_every_list_finds_what_site_search_finds(client, records, query, expected):
    site = client.get("/el/search/", {"q": query})
    assert site.status_code == 200
    site_html = site.content.decode()
    for kind, url in LISTS.items():
        response = client.get(url, {"q": query})
        assert response.status_code == 200, (kind, query)
        assert _found(response.content.decode(), kind) == expected, (kind, query)
        assert _found(site_html, kind) == expected, ("site search", kind, query)
