"""On a phone the map is wider than the screen and scrolls in its box: keyboards reach it."""

import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["el", "en"])
def test_the_map_box_can_be_focused_and_scrolled_even_without_markers(client, language):
    body = client.get(f"/{language}/network/").content.decode()

    box = re.search(r'<div class="network-map-scroll[^"]*"[^>]*>', body).group(0)
    assert 'tabindex="0"' in box
    assert 'role="region"' in box
    assert 'aria-labelledby="network-map-caption"' in box
    assert 'id="network-map-caption"' in body
