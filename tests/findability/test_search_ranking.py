"""The site search's ranking read in branches (accmr.search) gives the rows and the order of
ranking every match, whatever the way it is read: every match at once (a few), the ranks of the
names then those of the text, the first rows in name-length order then the rest.

The reference below is the ranking as it was written before, in the ORM: every match ranked in
one query (exact name, name starts with the query, every word in the names, the whole query in
the text, words anywhere; then shorter names; then the key).
"""

import pytest
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, LessThan

from accmr import search
from accmr.lib.text import BODY_SEP, NAME_SEP, query_key, query_words, search_q
from bulletin.models import Publication
from members.models import Organisation, Service, ServiceStatus, Status
from network.models import GoodPractice, Municipality
from tests.factories import (
    make_municipality,
    make_organisation,
    make_practice,
    make_publication,
    make_service,
)

pytestmark = pytest.mark.django_db


def reference(queryset: QuerySet, query: str) -> QuerySet:
    """Every match of `query` in `queryset`, best first (the ranking as the ORM wrote it)."""
    condition = search_q(query)
    key = query_key(query)
    names_end = StrIndex("search_text", Value(BODY_SEP))
    words_in_name = Q()
    for alternatives in query_words(query):
        either = Q()
        for stem in alternatives:
            position = StrIndex("search_text", Value(stem))
            either |= Q(GreaterThan(position, 0), LessThan(position, names_end))
        words_in_name &= either
    rank = Case(
        When(search_text__contains=f"{NAME_SEP} {key} {NAME_SEP}", then=Value(0)),
        When(search_text__contains=f"{NAME_SEP} {key}", then=Value(1)),
        When(words_in_name, then=Value(2)),
        When(search_text__contains=key, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return queryset.filter(condition).annotate(rank=rank).order_by("rank", names_end, "pk")


PUBLISHED = {
    "organisations": lambda: Organisation.objects.published(),
    "services": lambda: Service.objects.published(),
    "municipalities": lambda: Municipality.objects.published(),
    "practices": lambda: GoodPractice.objects.published(),
    "publications": lambda: Publication.objects.published(),
}


@pytest.fixture
def housing():
    """Records where "στέγαση" is in every rank, in names of every length, with keys in no
    particular order, beside records no visitor may see."""
    hidden = make_organisation(name="Στέγαση κρυφή", status=Status.DRAFT)
    make_service(name="Στέγαση", organisation=hidden)
    make_service(name="Στέγαση πρόχειρη", status=ServiceStatus.DRAFT)
    centre = make_organisation(
        name="Κέντρο φιλοξενίας", name_en="Shelter centre", short_name="Στέγαση"
    )
    make_organisation(name="Στέγαση και φιλοξενία οικογενειών")
    make_organisation(name="Δίκτυο", description="Στέγαση οικογενειών και ατόμων.")
    make_organisation(name="Στέγαση")
    for n in range(14):  # only in the text, in names of every length
        make_service(
            name=f"Υπηρεσία {'α' * (n % 5)} {n}",
            description="Βοήθεια για στέγαση οικογενειών." if n % 3 else "Στεγαστική βοήθεια.",
            organisation=centre,
        )
    make_service(name="Στέγαση και φιλοξενία", organisation=centre)
    make_service(name="Ενημέρωση για τη στέγαση οικογενειών", organisation=centre)
    make_service(name="Φιλοξενία", name_en="Housing", organisation=centre)
    make_service(name="Στεγαστικό επίδομα", organisation=centre)
    for n in range(3):
        make_municipality(name=f"Δήμος {n}", description_el="Στέγαση προσφύγων.")
    make_practice(title="Στέγαση στην πόλη")
    make_publication(title="Οδηγός", summary_el="Για τη στέγαση.")
    # The exact name last: the highest key of all.
    make_service(name="Στέγαση", organisation=centre)


QUERIES = [
    "stegasi",
    "Στέγαση",
    "στέγαση οικογενειών",
    "oikogeneion stegasi",
    "stegasi filoxenia",
    "housing",
    "βοήθεια",
    "kapoio allo",
    "ypiresia 12",  # a word of two characters must start a word
]


def _best(kind, query, limit, *, total):
    """One kind's records, its number of matches and the number of queries made."""
    [(records, counted)], queries = search._best_of_kinds([(kind, total)], query, limit)
    return records, counted, queries


def _compare(kind, query, limit, total):
    expected = list(reference(PUBLISHED[kind.name](), query).values_list("pk", flat=True))
    rows, counted, _ = _best(kind, query, limit, total=total)
    assert [row.pk for row in rows] == expected[:limit], (kind.name, query)
    assert counted == len(expected)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [1, 3, 10])
def test_the_ranks_read_in_branches_are_those_of_ranking_every_match(housing, query, limit):
    for kind in search.KINDS:
        _compare(kind, query, limit, total=None)


@pytest.mark.parametrize("query", QUERIES)
def test_a_few_matches_ranked_at_once_are_ranked_the_same(housing, query):
    for kind in search.KINDS:
        total = PUBLISHED[kind.name]().filter(search_q(query)).count()
        assert total <= search.FEW
        _compare(kind, query, 10, total=total)


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("limit", [3, 10])
def test_the_rows_past_the_first_ones_in_name_order_are_ranked_the_same(
    housing, monkeypatch, query, limit
):
    # Only the first two rows of a table in name-length order are read in that order: the
    # ranks of the text come from the rest.
    monkeypatch.setattr(search, "CAPPED", 2)
    monkeypatch.setattr(search, "WORDS_HEAD", 2)
    monkeypatch.setattr(search, "FEW", 0)
    for kind in search.KINDS:
        total = PUBLISHED[kind.name]().filter(search_q(query)).count()
        _compare(kind, query, limit, total=total)


def test_an_exact_name_with_the_highest_key_comes_before_thousands_of_text_matches(
    client, settings
):
    organisation = make_organisation(name="Κέντρο")
    first = make_service(name="Αρχή", organisation=organisation)
    bulk = [
        Service(
            name_el=f"Υπηρεσία {n}",
            slug=f"bulk-{n}",
            description_el="Μαθήματα ελληνικών για ενήλικες.",
            organisation=organisation,
            category=first.category,
            status=ServiceStatus.PUBLISHED,
        )
        for n in range(1, 1500)
    ]
    for service in bulk:
        service.search_text = service.build_search_text()
    Service.objects.bulk_create(bulk)
    exact = make_service(name="Μαθήματα ελληνικών", organisation=organisation)
    assert exact.pk == Service.objects.order_by("-pk").values_list("pk", flat=True)[0]
    # Remembered, the number of matches takes the branches (more than FEW).
    settings.DATA_CACHE_SECONDS = 60
    for _ in range(2):
        response = client.get("/el/search/", {"q": "mathimata ellinikon"})
        [group] = response.context["groups"]
        assert group.total == 1500
        assert [hit.title for hit in group.hits][:2] == ["Μαθήματα ελληνικών", "Υπηρεσία 1"]


@pytest.mark.parametrize("query", QUERIES)
def test_many_matches_ranked_at_once_are_ranked_the_same(housing, monkeypatch, query):
    monkeypatch.setattr(search, "FEW", 10**9)  # every kind whose number is known, at once
    for kind in search.KINDS:
        expected = list(reference(PUBLISHED[kind.name](), query).values_list("pk", flat=True))
        rows, total, queries = _best(kind, query, 10, total=len(expected))
        # One query, none for a kind known to have no match.
        queries_made = 1 if expected else 0
        assert ([row.pk for row in rows], total, queries) == (
            expected[:10],
            len(expected),
            queries_made,
        )


def test_a_page_makes_two_queries_when_every_kind_needs_the_ranks_of_the_text(
    client, housing, monkeypatch, settings, django_assert_max_num_queries
):
    # Four kinds have fewer than ten rows in the ranks of the names and more in the text: the
    # first query reads every kind's ranks of the names, a second one the ranks of the text of
    # those four. Counted or remembered, the page makes two queries, with the same results.
    monkeypatch.setattr(search, "FEW", 0)
    settings.DATA_CACHE_SECONDS = 60
    for _ in range(2):  # the numbers of matches counted, then remembered
        with django_assert_max_num_queries(2):
            response = client.get("/el/search/", {"q": "stegasi"})
        groups = {group.kind: group for group in response.context["groups"]}
        for kind in search.KINDS:
            expected = list(reference(PUBLISHED[kind.name](), "stegasi"))
            assert groups[kind.name].total == len(expected)
            urls = [hit.url for hit in groups[kind.name].hits]
            assert urls == [obj.get_absolute_url() for obj in expected[:10]], kind.name
