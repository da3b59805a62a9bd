"""The header's search box belongs to the site-wide search, not to the directory's lists."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _header_search_value(body: str) -> str:
    field = re.search(r'<input[^>]*id="site-search-q"[^>]*>', body).group(0)
    return re.search(r'value="([^"]*)"', field).group(1)


@pytest.mark.parametrize("language", ["el", "en"])
def test_a_directory_search_does_not_fill_the_header_search_box(client, language):
    body = client.get(f"/{language}/organisations/?q=athens").content.decode()

    assert _header_search_value(body) == ""


@pytest.mark.parametrize("language", ["el", "en"])
def test_the_search_page_shows_its_query_in_the_header_box(client, language):
    body = client.get(f"/{language}/search/?q=athens").content.decode()

    assert _header_search_value(body) == "athens"
