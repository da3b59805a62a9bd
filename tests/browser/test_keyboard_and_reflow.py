"""Keyboard use, visible focus, reflow at 200%/400% zoom, reading order without CSS, and the
language switcher, on the public pages of tests/pages.py."""

import pytest

from tests.browser.helpers import (
    focus_is_visible,
    goto,
    horizontal_overflow,
    local_url,
    tab,
    widest_elements,
)
from tests.pages import LANGUAGES, STATIC_PATHS, page_url

pytestmark = pytest.mark.browser

# Bootstrap scrolls smoothly unless the visitor asks for reduced motion; with it, a focused
# element is scrolled into view at once and its position can be checked straight away.
KEYBOARD = {"reduced_motion": "reduce"}
MAX_TABS = 400  # generous: list pages have many links; a trap never wraps round


@pytest.mark.parametrize("lang", LANGUAGES)
def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(new_page, lang):
    page = new_page("phone", **KEYBOARD)
    goto(page, f"/{lang}/about/")
    first = tab(page)
    assert first is not None and first["href"] == "#main", f"first Tab stop: {first}"
    assert first["visible"] and first["inViewport"], "the skip link must show when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab goes on from main's content, not back to the header.
    tab(page)
    in_or_after_main = page.evaluate(
        "() => { const main = document.querySelector('main'), el = document.activeElement;"
        " return main.contains(el)"
        " || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING); }"
    )
    assert in_or_after_main, "Tab after the skip link went back before main"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("path", ["", "account/login/", "search/?q=test"], ids=str)
def test_every_tab_stop_shows_a_visible_focus_indicator(new_page, path, viewport):
    page = new_page(viewport, **KEYBOARD)
    goto(page, page_url("el", path))
    seen, problems = [], []
    for _ in range(MAX_TABS):
        info = tab(page)
        if info is None:  # focus left the document: every stop was visited
            break
        key = (info["tag"], info["id"], info["href"], info["text"])
        if seen and key == seen[0]:  # wrapped round to the first stop
            break
        seen.append(key)
        if not focus_is_visible(info):
            problems.append(f"no visible focus indicator on {info}")
        if not info["inViewport"]:
            problems.append(f"focused element is off screen: {info}")
    else:
        pytest.fail(f"more than {MAX_TABS} Tab stops, or a keyboard trap: {seen[-5:]}")
    assert len(seen) >= 5, f"too few Tab stops for a page with header and footer: {seen}"
    assert not problems, "\n".join(problems)


# WCAG 1.4.10 (reflow): content fits 320 CSS px without horizontal scrolling; that is a 1280 px
# wide window at 400% zoom, or a 640 px one at 200%. A 360 px phone at 200% zoom is 180 CSS px.
# Each width starts from one of the two languages and reaches the other through the language
# switcher: every page is checked in both languages at both widths, and the switcher in both
# directions on every page, in one page load per page, language and width.
REFLOW_WIDTHS = {"320-css-px": (320, "el"), "phone-360-at-200-percent": (180, "en")}


@pytest.mark.parametrize("width_name", REFLOW_WIDTHS)
def test_pages_reflow_when_zoomed_and_the_language_switcher_keeps_the_page(new_page, width_name):
    width, source = REFLOW_WIDTHS[width_name]
    (target,) = set(LANGUAGES) - {source}
    # One page visits every path: a browser context per path would triple the run time.
    page = new_page({"width": width, "height": 740}, device_scale_factor=2)
    problems = []

    def check_reflow(url):
        overflow = horizontal_overflow(page)
        if overflow > 0:
            problems.append(
                f"{url} scrolls sideways by {overflow}px at {width} CSS px; "
                f"too wide: {widest_elements(page)}"
            )

    for path in STATIC_PATHS:
        goto(page, page_url(source, path))
        check_reflow(page_url(source, path))
        # The language switcher leads to the same page in the other language.
        page.locator(f"nav.language-switcher a[hreflang={target}]").click()
        page.wait_for_load_state("load")
        assert local_url(page) == page_url(target, path)
        assert page.evaluate("document.documentElement.lang") == target
        check_reflow(page_url(target, path))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reading_order_makes_sense_without_css(new_page, lang):
    page = new_page("desktop")
    page.route("**/*.css", lambda route: route.abort())
    goto(page, f"/{lang}/about/")
    assert page.evaluate("document.styleSheets.length") == 0 or page.evaluate(
        "[...document.styleSheets].every(s => { try { return !s.cssRules.length } "
        "catch (e) { return true } })"
    )
    order = page.evaluate(
        """() => {
          const y = sel => { const el = document.querySelector(sel);
                             return el ? el.getBoundingClientRect().top + scrollY : null; };
          return {skip: y('a[href="#main"]'), header: y('header'), nav: y('nav'),
                  h1: y('main h1'), footer: y('footer')};
        }"""
    )
    assert None not in order.values(), order
    assert order["skip"] <= order["header"] <= order["nav"] < order["h1"] < order["footer"], order
