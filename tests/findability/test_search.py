"""The site-wide search page: Greek, Greeklish, ranking, grouping, suggestions, bad input."""

import re

import pytest

from members.models import ServiceStatus, Status
from tests.factories import (
    make_category,
    make_municipality,
    make_organisation,
    make_practice,
    make_service,
)

pytestmark = pytest.mark.django_db


def _titles(response, kind: str) -> list[str]:
    """The result titles of one kind, in the order shown."""
    html = response.content.decode()
    match = re.search(rf'id="results-{kind}".*?</ol>', html, re.S)
    if not match:
        return []
    return [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(
            r'<li class="search-results__item">\s*<a href="[^"]+">(.*?)</a>', match.group(0), re.S
        )
    ]


@pytest.fixture
def athens():
    organisation = make_organisation(
        name="Κέντρο Συντονισμού Αθήνας", name_en="Athens Coordination Centre"
    )
    municipality = make_municipality(name="Αθήνα", name_en="Athens")
    service = make_service(name="Νομική βοήθεια", name_en="Legal aid", organisation=organisation)
    lessons = make_service(
        name="Μαθήματα ελληνικών", name_en="Greek lessons", organisation=organisation
    )
    return {
        "organisation": organisation,
        "municipality": municipality,
        "service": service,
        "lessons": lessons,
    }


@pytest.mark.parametrize(
    "query", ["athina", "Αθηνα", "ΑΘΗΝΑ", "Αθήνα", "a8hna", "athhna", "Athens", "ATHENS"]
)
def test_every_spelling_of_athens_finds_the_same_records(client, athens, query):
    response = client.get("/el/search/", {"q": query})
    assert response.status_code == 200
    assert _titles(response, "municipalities") == ["Αθήνα"]
    assert _titles(response, "organisations") == ["Κέντρο Συντονισμού Αθήνας"]


@pytest.mark.parametrize(
    "query",
    ["ellinikon mathimata", "ellinika mathimata", "mathimata ellinikwn", "μαθήματα ελληνικά"],
)
def test_greeklish_words_in_any_order_find_greek_lessons(client, athens, query):
    response = client.get("/el/search/", {"q": query})
    assert _titles(response, "services") == ["Μαθήματα ελληνικών"]


@pytest.mark.parametrize(
    "query", ["nomiki voitheia", "nomikh vohtheia", "νομικη βοηθεια", "legal aid"]
)
def test_legal_aid_is_found_in_greek_greeklish_and_english(client, athens, query):
    response = client.get("/el/search/", {"q": query})
    assert _titles(response, "services") == ["Νομική βοήθεια"]


def test_results_are_shown_in_the_visitors_language_with_greek_fallback_marked(client, athens):
    make_service(name="Νομική συμβουλευτική", organisation=athens["organisation"])
    response = client.get("/en/search/", {"q": "nomiki"})
    html = response.content.decode()
    assert "Legal aid" in html
    assert '<span lang="el">Νομική συμβουλευτική</span>' in html
    assert "(in Greek)" in html
    assert 'href="/en/services/' in html


def test_results_link_to_each_records_page(client, athens):
    response = client.get("/el/search/", {"q": "athina"})
    html = response.content.decode()
    assert f'href="/el/organisations/{athens["organisation"].slug}/"' in html
    assert f'href="/el/network/{athens["municipality"].slug}/"' in html


def test_name_matches_come_before_description_matches_and_exact_before_partial(client):
    category = make_category()
    make_service(name="Υπηρεσίες για παιδιά", description="Στέγαση οικογενειών.", category=category)
    make_service(name="Στέγαση και φιλοξενία", category=category)
    make_service(name="Στέγαση", category=category)
    make_service(name="Ενημέρωση για τη στέγαση", category=category)
    response = client.get("/el/search/", {"q": "stegasi"})
    assert _titles(response, "services") == [
        "Στέγαση",  # exact name
        "Στέγαση και φιλοξενία",  # name starts with the query
        "Ενημέρωση για τη στέγαση",  # the word in the name
        "Υπηρεσίες για παιδιά",  # only in the description
    ]


def test_results_are_grouped_by_kind_with_counts(client, athens):
    make_practice(title="Καλή πρακτική από την Αθήνα", municipalities=[athens["municipality"]])
    response = client.get("/el/search/", {"q": "athina"})
    html = response.content.decode()
    groups = response.context["groups"]
    assert [(group.kind, group.total) for group in groups] == [
        ("organisations", 1),
        ("municipalities", 1),
        ("practices", 1),
    ]
    assert response.context["total"] == 3
    assert '<a href="#results-organisations">' in html


def test_counts_cover_all_matches_while_the_list_is_capped(client):
    organisation = make_organisation()
    for n in range(12):
        make_service(name=f"Μαθήματα ελληνικών {n}", organisation=organisation)
    response = client.get("/el/search/", {"q": "mathimata"})
    [group] = response.context["groups"]
    assert group.total == 12
    assert len(group.hits) == 10
    assert "/el/services/?q=mathimata" in response.content.decode()


def test_only_published_records_are_found(client):
    draft_org = make_organisation(name="Αθήνα πρόχειρη", status=Status.DRAFT)
    make_service(name="Αθήνα υπηρεσία σε πρόχειρο φορέα", organisation=draft_org)
    make_service(name="Αθήνα πρόχειρη υπηρεσία", status=ServiceStatus.DRAFT)
    make_service(name="Αθήνα παλιά υπηρεσία", status=ServiceStatus.RETIRED)
    make_municipality(name="Αθήνα κρυφή", status=Status.DRAFT)
    make_practice(title="Αθήνα πρόχειρη πρακτική", status=Status.DRAFT)
    response = client.get("/el/search/", {"q": "athina"})
    assert response.context["total"] == 0
    assert "πρόχειρ" not in response.content.decode()


def test_empty_query_offers_categories_as_suggestions(client):
    parent = make_category(slug="legal", name="Νομικά", name_en="Legal")
    make_category(slug="legal-aid", name="Νομική βοήθεια", parent=parent)
    for lang, label in [("el", "Νομικά"), ("en", "Legal")]:
        response = client.get(f"/{lang}/search/")
        html = response.content.decode()
        assert response.status_code == 200
        assert f'href="/{lang}/services/?category=legal"' in html
        assert label in html
        assert "?category=legal-aid" not in html  # only top-level categories


@pytest.mark.parametrize("language", ["el", "en", "fa"])
def test_each_hit_links_to_its_page_in_the_pages_language(client, athens, language):
    from django.utils import translation

    response = client.get(f"/{language}/search/", {"q": "athina"})
    groups = {group.kind: group for group in response.context["groups"]}
    with translation.override(language):
        expected = {
            "organisations": [athens["organisation"].get_absolute_url()],
            "municipalities": [athens["municipality"].get_absolute_url()],
        }
        more = "/organisations/?q=athina"
    assert {kind: [hit.url for hit in group.hits] for kind, group in groups.items()} == expected
    assert groups["organisations"].more_url == f"/{language}{more}"
    assert all(url.startswith(f"/{language}/") for urls in expected.values() for url in urls)


def test_remembered_suggestions_follow_the_language_and_new_categories(
    client, settings, django_capture_on_commit_callbacks
):
    settings.DATA_CACHE_SECONDS = 60
    make_category(slug="legal", name="Νομικά", name_en="Legal")
    for _ in range(2):  # worked out, then remembered
        assert ">Legal</a>" in client.get("/en/search/", {"q": "zzzz"}).content.decode()
        assert ">Νομικά</a>" in client.get("/el/search/", {"q": "zzzz"}).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the content version moves on
        make_category(slug="health", name="Υγεία", name_en="Health")
    html = client.get("/en/search/", {"q": "zzzz"}).content.decode()
    assert ">Legal</a>" in html and 'href="/en/services/?category=health"' in html


def test_a_query_of_only_stop_words_explains_and_suggests(client):
    make_category(slug="health", name="Υγεία")
    response = client.get("/en/search/", {"q": "the and of"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "no words we can look for" in html
    assert "?category=health" in html


def test_no_results_say_so_and_suggest_categories(client):
    make_category(slug="health", name="Υγεία")
    response = client.get("/en/search/", {"q": "zzzzqqq"})
    html = response.content.decode()
    assert "Nothing found for" in html
    assert "?category=health" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("α" * 5000, "at most 200 characters"),
        ("athina\x00", "Null characters are not allowed"),
    ],
)
def test_bad_input_gets_a_message_not_an_error(client, athens, query, message):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["groups"] == []


@pytest.mark.parametrize(
    "query",
    [
        "'; DROP TABLE members_service; --",
        "%",
        "_",
        "\\",
        "a%b_c",
        "' OR 1=1 --",
        "/ |",
        "ΑΘΗΝΑ' OR '1'='1",
    ],
)
def test_sql_looking_and_wildcard_input_is_searched_as_text(client, athens, query):
    response = client.get("/el/search/", {"q": query})
    assert response.status_code == 200
    assert response.context["total"] in (0, 2)  # at most the Athens records, never "everything"


def test_greek_error_messages_on_the_greek_page(client):
    response = client.get("/el/search/", {"q": "α" * 300})
    assert response.status_code == 200
    assert response.context["problem"]


def test_search_pages_are_not_indexed_but_link_to_share(client, athens):
    response = client.get("/el/search/", {"q": "athina"})
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, follow">' in html
    assert "/el/search/?q=athina" in html


def test_search_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    # One query for every kind (its rows, rank, the services' providers and the total, with the
    # planner setting on PostgreSQL in the same string); the suggestions when nothing is found.
    # (Here the ranks of the names fill each list; when they do not, the kinds whose do not
    # read the ranks of the text in one second query: tests/findability/test_search_ranking.py.)
    organisation = make_organisation(name="Αθήνα 1")
    make_service(name="Αθήνα υπηρεσία", organisation=organisation)
    with django_assert_max_num_queries(1):
        client.get("/el/search/", {"q": "athina"})
    for n in range(30):
        org = make_organisation(name=f"Αθήνα {n}")
        make_service(name=f"Αθήνα υπηρεσία {n}", organisation=org)
        make_municipality(name=f"Αθήνα {n}")
    with django_assert_max_num_queries(1):
        response = client.get("/el/search/", {"q": "athina"})
    assert response.context["total"] > 30
    with django_assert_max_num_queries(2):
        client.get("/el/search/", {"q": "zzzz"})


def test_a_search_known_to_find_nothing_reads_nothing_more(
    client, settings, athens, django_assert_num_queries
):
    # The numbers of matches (all nought) and the suggestions are remembered: no kind is read.
    settings.DATA_CACHE_SECONDS = 60
    make_category(slug="health", name="Υγεία", name_en="Health")
    first = client.get("/en/search/", {"q": "zzzzqqq"})
    with django_assert_num_queries(0):
        again = client.get("/en/search/", {"q": "zzzzqqq"})
    assert again.content == first.content
    assert "Nothing found for" in again.content.decode()
    assert "?category=health" in again.content.decode()


def test_repeated_searches_are_answered_from_the_cache(
    client, settings, athens, django_assert_num_queries
):
    settings.SEARCH_CACHE_SECONDS = 60
    first = client.get("/el/search/", {"q": "athina"})
    with django_assert_num_queries(0):
        again = client.get("/el/search/", {"q": "athina"})
    assert again.context["total"] == first.context["total"] == 2
    english = client.get("/en/search/", {"q": "athina"})  # each language has its own entry
    assert "Athens" in english.content.decode()


def test_rebuild_search_text_rewrites_stale_columns(athens):
    from io import StringIO

    from django.core.management import call_command

    from members.models import Organisation

    Organisation.objects.filter(pk=athens["organisation"].pk).update(search_text="stale")
    call_command("rebuild_search_text", stdout=StringIO())
    athens["organisation"].refresh_from_db()
    assert athens["organisation"].search_text.startswith("/ kedro sidonismu athinas /")
