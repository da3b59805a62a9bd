import datetime as dt

import pytest

from members.models import Status
from tests.factories import make_category, make_municipality, make_practice
from tests.network.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def library():
    chania = make_municipality(name="Χανιά", name_en="Chania", slug="chania")
    larissa = make_municipality(name="Λάρισα", name_en="Larissa", slug="larissa")
    education = make_category(slug="education", name="Εκπαίδευση", name_en="Education")
    health = make_category(slug="health", name="Υγεία", name_en="Health")
    greek = make_practice(
        title="Μαθήματα ελληνικών για γονείς",
        title_en="Greek lessons for parents",
        slug="greek-lessons",
        date=dt.date(2023, 4, 1),
        municipalities=[chania],
    )
    greek.themes.set([education])
    clinic = make_practice(
        title="Κινητή μονάδα υγείας",
        title_en="Mobile health unit",
        slug="mobile-health",
        date=dt.date(2024, 9, 1),
        municipalities=[larissa],
    )
    clinic.themes.set([health])
    make_practice(
        title="Πρόχειρη πρακτική",
        slug="draft-practice",
        status=Status.DRAFT,
        municipalities=[chania],
    )
    return {"greek": greek, "clinic": clinic}


def titles(client, url: str) -> list[str]:
    html = client.get(url).content.decode()
    return [t for t in ("greek-lessons", "mobile-health", "draft-practice") if f"/{t}/" in html]


@pytest.mark.parametrize("lang", ["el", "en"])
def test_list_shows_published_practices_newest_first(client, library, lang):
    response = client.get(f"/{lang}/network/practices/")
    assert response.status_code == 200
    assert titles(client, f"/{lang}/network/practices/") == ["greek-lessons", "mobile-health"]
    html = response.content.decode()
    assert html.index("/mobile-health/") < html.index("/greek-lessons/")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?municipality=chania", ["greek-lessons"]),
        ("?theme=health", ["mobile-health"]),
        ("?year=2023", ["greek-lessons"]),
        ("?municipality=chania&theme=health", []),
        ("?q=ΜΑΘΗΜΑΤΑ", ["greek-lessons"]),
        ("?q=mathimata", ["greek-lessons"]),  # Greeklish finds the Greek title
        ("?q=μαθηματα γονεις", ["greek-lessons"]),
        ("?q=parents", ["greek-lessons"]),
        ("?q=υγειας", ["mobile-health"]),
    ],
)
def test_filters_and_accent_insensitive_search(client, library, query, expected):
    assert titles(client, f"/el/network/practices/{query}") == expected


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=1900",
        "?year=99999999999999999999",
        "?municipality=nowhere",
        "?theme=%00",
        "?q=%00",
        "?q=" + "α" * 10000,
        "?page=0",
        "?page=-1",
        "?page=abc",
        "?page=" + "9" * 40,
        "?municipality=chania&municipality=larissa",
        "?year=2023%00",
    ],
)
def test_bad_input_never_breaks_the_list(client, library, query):
    response = client.get(f"/en/network/practices/{query}")
    assert response.status_code == 200


def test_invalid_filter_is_explained_and_the_valid_ones_still_apply(client, library):
    html = client.get("/en/network/practices/?year=abc&theme=health").content.decode()
    assert "Some filters were not understood and have been ignored." in html
    assert "/mobile-health/" in html
    assert "/greek-lessons/" not in html


def test_list_is_paginated(client, library):
    for n in range(15):
        make_practice(title=f"Πρακτική {n}", slug=f"bulk-{n:02d}", date=dt.date(2020, 1, 1))
    first = client.get("/el/network/practices/").content.decode()
    assert "17" in first
    assert 'href="?page=2"' in first
    second = client.get("/el/network/practices/?page=2").content.decode()
    assert "/bulk-" in second
    assert "/mobile-health/" not in second


def test_draft_practice_is_not_found(client, library):
    assert client.get("/el/network/practices/draft-practice/").status_code == 404
    assert client.get("/el/network/practices/no-such-practice/").status_code == 404


@pytest.mark.parametrize("lang", ["el", "en"])
def test_detail_shows_summary_body_municipalities_themes_and_date(client, library, lang):
    practice = library["greek"]
    practice.body_el = "Πρώτη παράγραφος.\n\nΔεύτερη παράγραφος."
    practice.summary_en = "Lessons while children play nearby."
    practice.save()
    response = client.get(f"/{lang}/network/practices/greek-lessons/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/{lang}/network/chania/"' in html
    assert f'href="/{lang}/network/practices/?theme=education"' in html
    assert "2023-04-01" in html
    assert "<p>Πρώτη παράγραφος.</p>\n\n<p>Δεύτερη παράγραφος.</p>" in html
    if lang == "en":
        assert "Greek lessons for parents" in html
        assert "Lessons while children play nearby." in html
        # The body exists only in Greek: marked as such.
        assert '<div lang="el"><p>Πρώτη παράγραφος.</p>' in html


def test_detail_hides_a_practice_municipality_that_is_a_draft(client, library):
    draft = make_municipality(name="Κρυφός", slug="secret", status=Status.DRAFT)
    library["greek"].municipalities.add(draft)
    html = client.get("/el/network/practices/greek-lessons/").content.decode()
    assert "/network/secret/" not in html
    assert "/network/chania/" in html


def test_only_web_addresses_become_links(client, library):
    practice = library["greek"]
    practice.links = "https://example.org/guide\njavascript:alert(1)\nnot a link"
    practice.save()
    html = client.get("/el/network/practices/greek-lessons/").content.decode()
    assert 'href="https://example.org/guide"' in html
    assert "javascript:" not in html
    assert "not a link" not in html


def test_example_practice_is_plainly_marked(client, library):
    practice = library["clinic"]
    practice.is_example = True
    practice.save()
    html = client.get("/en/network/practices/mobile-health/").content.decode()
    assert "Example content" in html


def test_practice_list_queries_are_constant(client, library, django_assert_max_num_queries):
    # Queries: municipalities, themes and years for the filters; count; page of practices;
    # their municipalities; their themes.
    few = queries_for(client, "/el/network/practices/?q=a")
    for n in range(30):
        practice = make_practice(
            date=dt.date(2010 + n % 15, 1, 1),
            municipalities=[make_municipality(), make_municipality()],
        )
        practice.themes.set([make_category(), make_category()])
    with django_assert_max_num_queries(7):
        client.get("/el/network/practices/")
    assert queries_for(client, "/el/network/practices/") == few
    assert queries_for(client, "/el/network/practices/?theme=education&year=2023") == few
