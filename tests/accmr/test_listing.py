"""Long lists at the cost of their first page (accmr.listing): the count and the keys of deep
pages come from the cache under the content version, and a page read by its keys holds the
same rows, in the same order, as the same page read with OFFSET."""

import pytest

from accmr import cache as page_cache
from accmr import listing
from accmr.lib.pagination import page_of
from members.models import Organisation, Service
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def remembering(settings, monkeypatch):
    settings.DATA_CACHE_SECONDS = 60
    # Small chunks and few OFFSET pages, so a list of 45 rows has deep pages over chunk edges.
    monkeypatch.setattr(listing, "CHUNK", 7)
    monkeypatch.setattr(listing, "OFFSET_PAGES", 1)


@pytest.fixture
def organisations():
    # Names that sort differently from their keys, several alike (ties broken by pk).
    names = [f"Οργάνωση {(n * 7) % 15:02d}" for n in range(45)]
    with factories.without_history():
        return [factories.make_organisation(name=name) for name in names]


def _names(page) -> list[str]:
    return [organisation.name for organisation in page.object_list]


@pytest.mark.usefixtures("remembering", "organisations")
@pytest.mark.parametrize("per_page", [2, 4, 7, 10])
def test_every_page_read_by_keys_is_the_page_read_with_offset(per_page):
    ordered = Organisation.objects.published().by_name()
    pages = -(-45 // per_page)
    for number in range(1, pages + 2):  # and one past the end: the last page again
        expected = page_of(ordered, str(number), per_page)
        page = listing.page_of_list(ordered, str(number), per_page)
        assert (page.number, page.paginator.count) == (expected.number, 45)
        assert _names(page) == _names(expected)


@pytest.mark.usefixtures("remembering", "organisations")
def test_a_page_reads_nothing_once_the_keys_are_known(django_assert_num_queries):
    ordered = Organisation.objects.published().by_name()
    listing.page_of_list(ordered, "9", 5)  # count and keys read once
    listing.page_of_list(ordered, "1", 5)  # a first page: its keys read with OFFSET, once
    expected = list(ordered.values_list("pk", flat=True))
    for number, start in (("8", 35), ("9", 40), ("1", 0)):
        with django_assert_num_queries(0):
            page = listing.page_of_list(ordered, number, 5)
            keys = [organisation.pk for organisation in page.object_list]
        assert keys == expected[start : start + 5]


@pytest.mark.usefixtures("remembering", "organisations")
def test_count_and_keys_are_fresh_after_a_change_to_the_content():
    ordered = Organisation.objects.published().by_name()
    last = listing.page_of_list(ordered, "5", 10)
    assert (last.paginator.count, len(last.object_list)) == (45, 5)
    factories.make_organisation(name="Ωμέγα τελευταία")
    # Until the content version moves (the signal bumps it when the transaction commits),
    # the remembered figures stand; then the very next request sees the new row.
    assert listing.page_of_list(ordered, "5", 10).paginator.count == 45
    page_cache.bump_content_version()
    last = listing.page_of_list(ordered, "5", 10)
    assert last.paginator.count == 46
    assert _names(last)[-1] == "Ωμέγα τελευταία"


@pytest.mark.usefixtures("remembering", "organisations")
def test_each_filter_has_its_own_count():
    ordered = Organisation.objects.published().by_name()
    narrowed = ordered.filter(name_el__endswith="03")
    assert listing.page_of_list(ordered, "1", 10).paginator.count == 45
    assert listing.page_of_list(narrowed, "1", 10).paginator.count == 3


def test_without_remembering_nothing_is_kept(settings, organisations):
    settings.PAGE_CACHE = False
    settings.DATA_CACHE_SECONDS = 0
    ordered = Organisation.objects.published().by_name()
    assert listing.page_of_list(ordered, "1", 10).paginator.count == 45
    factories.make_organisation()
    assert listing.page_of_list(ordered, "1", 10).paginator.count == 46


def _many_services(count: int) -> None:
    with factories.without_history():
        category = factories.make_category(slug="legal")
        organisations = [factories.make_organisation() for _ in range(5)]
        for n in range(count):
            factories.make_service(organisation=organisations[n % 5], category=category)


@pytest.mark.parametrize("page", ["1", "12", "13"])
def test_a_deep_page_of_the_services_list_makes_as_few_queries_as_the_first(
    client, settings, django_assert_max_num_queries, page
):
    settings.DATA_CACHE_SECONDS = 60
    _many_services(250)  # 13 pages of 20: 11 and beyond are read by their keys
    client.get(f"/el/services/?category=legal&page={page}")  # count, keys, vocabularies
    # The page of services with provider, type and categories, then its hours, closures,
    # languages and locations, and the languages spoken in the results (members.finding):
    # the count, the keys, the vocabularies and the filter form are remembered.
    with django_assert_max_num_queries(6):
        response = client.get(f"/el/services/?category=legal&page={page}")
    names = [service.name for service in response.context["page"].object_list]
    expected = Service.objects.published().by_name().values_list("name_el", flat=True)
    start = (int(page) - 1) * 20
    assert names == list(expected[start : start + 20])


@pytest.mark.usefixtures("remembering", "organisations")
def test_an_empty_queryset_is_an_empty_first_page():
    page = listing.page_of_list(Organisation.objects.none(), "3", 10)
    assert (page.number, page.paginator.count, page.object_list) == (1, 0, [])


def test_a_described_list_is_named_from_its_sql_once_per_description(client, settings, monkeypatch):
    settings.DATA_CACHE_SECONDS = 60
    _many_services(3)
    named = []
    real = listing.list_key
    monkeypatch.setattr(listing, "list_key", lambda items: named.append(1) or real(items))
    for _ in range(2):
        client.get("/el/services/?category=legal")
        client.get("/el/services/?category=legal&page=2")  # the page is not part of the list
    assert len(named) == 2  # the list, and the languages spoken in its results
    client.get("/en/services/?category=legal")  # English names sort by their own column
    client.get("/el/services/")  # no filter: no languages of the results
    assert len(named) == 5
    page_cache.bump_content_version()  # the vocabularies the filters read may have changed
    client.get("/el/services/?category=legal")
    assert len(named) == 7
