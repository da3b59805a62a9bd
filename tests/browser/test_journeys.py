"""Journeys through the portal on a phone, each done with the pointer and with the keyboard only.

Issue 8's journeys grow here as the features land (see tests/browser/actors.py): find a service
in Greek (search, filter, open, read the hours) and switch to English on the same service;
report a problem on an organisation page; an editor changes a service and a coordinator
approves it in the admin, the public page changing only then.
"""

from urllib.parse import quote

import pytest

from tests.browser.actors import Visitor
from tests.browser.helpers import local_url

pytestmark = pytest.mark.browser

KEYBOARD = {"reduced_motion": "reduce"}


@pytest.fixture(params=["pointer", "keyboard"])
def visitor(request, new_page):
    keyboard = request.param == "keyboard"
    return Visitor(new_page("phone", **KEYBOARD), keyboard=keyboard)


def test_visitor_finds_the_services_searches_and_reads_the_results_in_english(visitor):
    page = visitor.page
    visitor.open("/el/")
    visitor.follow(page.locator('nav.site-nav a[href="/el/services/"]'))
    assert local_url(page) == "/el/services/"
    assert page.locator('nav.site-nav a[aria-current="page"]').get_attribute("href") == (
        "/el/services/"
    )

    visitor.fill(page.locator("#site-search-q"), "άσυλο")
    visitor.press_button(page.locator(".site-search button[type=submit]"))
    assert local_url(page) == f"/el/search/?q={quote('άσυλο')}"

    visitor.follow(page.locator("nav.language-switcher a[hreflang=en]"))
    assert local_url(page) == f"/en/search/?q={quote('άσυλο')}"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#site-search-q").input_value() == "άσυλο"


def test_keyboard_visitor_fails_on_an_element_out_of_reach(new_page):
    """The keyboard actor is strict: what Tab cannot reach fails the journey."""
    visitor = Visitor(new_page("phone", **KEYBOARD), keyboard=True, max_tabs=40)
    visitor.open("/el/")
    visitor.page.evaluate(
        "() => { const p = document.createElement('p'); p.id = 'unreachable';"
        " p.textContent = 'not focusable'; document.querySelector('main').append(p); }"
    )
    with pytest.raises(AssertionError, match="could not be reached with Tab"):
        visitor.tab_to(visitor.page.locator("#unreachable"))
