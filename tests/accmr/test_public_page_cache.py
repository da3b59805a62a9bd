"""The public pages (tests/pages.py) are served from the page cache to anonymous visitors,
and a change to a record shows on the very next visit."""

import pytest

from tests.pages import (
    LANGUAGES,
    RECORD_KINDS,
    STATIC_PATHS,
    UNCACHED_PATHS,
    page_url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def records(sample_records_of_module, db):
    return dict(sample_records_of_module)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", [p for p in STATIC_PATHS if p not in UNCACHED_PATHS])
def test_public_page_is_served_from_the_cache_on_the_second_visit(
    client, path, lang, django_assert_num_queries
):
    url = page_url(lang, path)
    assert client.get(url)["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", RECORD_KINDS)
def test_record_page_is_served_from_the_cache_on_the_second_visit(client, records, kind, lang):
    url = page_url(lang, records[kind])
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("path", UNCACHED_PATHS)
def test_pages_with_a_form_are_never_cached(client, path):
    client.get(page_url("el", path))
    assert "X-Page-Cache" not in client.get(page_url("el", path))


def test_unpublishing_an_organisation_removes_its_page_at_once(
    client, records, django_capture_on_commit_callbacks
):
    from members.models import Organisation, Status

    url = page_url("el", records["organisation"])
    client.get(url)
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        organisation = Organisation.objects.get(slug="example-organisation")
        organisation.status = Status.DRAFT
        organisation.save()
    assert client.get(url).status_code == 404
