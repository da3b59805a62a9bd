"""What a page loads: our own CSS from our own origin, nothing from other hosts, and a
Content-Security-Policy that the browser really enforces. Also proves the guards in conftest
notice what they are meant to notice."""

from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import goto
from tests.pages import LANGUAGES, STATIC_PATHS, page_url

pytestmark = pytest.mark.browser


def test_stylesheets_load_from_our_origin_and_apply(new_page):
    page = new_page("desktop")
    failed = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    statuses = {}
    page.on("response", lambda resp: statuses.__setitem__(resp.url, resp.status))
    goto(page, "/el/")
    stylesheets = [url for url in page.watch.requests if url.endswith(".css")]
    assert any(url.endswith("/vendor/purged/bootstrap.min.css") for url in stylesheets), stylesheets
    assert any(url.endswith("/css/site.css") for url in stylesheets), stylesheets
    assert not failed, failed
    assert all(statuses[url] == 200 for url in stylesheets), statuses
    # site.css paints the main navigation in the ACCMR blue, Bootstrap styles buttons.
    nav = page.evaluate("getComputedStyle(document.querySelector('.site-nav')).backgroundColor")
    assert nav == "rgb(11, 79, 138)"
    button = page.evaluate(
        "getComputedStyle(document.querySelector('.site-search button')).backgroundColor"
    )
    assert button != "rgba(0, 0, 0, 0)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_public_page_asks_another_host_for_anything(new_page, lang):
    # Each page in its own tab of one context (all watched alike), loaded one after the other,
    # then each left until the network is idle (no request for half a second): the tabs wait
    # out their half-seconds together instead of one page after the other.
    page = new_page("phone")
    tabs = [page] + [page.context.new_page() for _path in STATIC_PATHS[1:]]
    for tab, path in zip(tabs, STATIC_PATHS, strict=True):
        goto(tab, page_url(lang, path))
    for tab in tabs:
        tab.wait_for_load_state("networkidle")
    assert all(tab.watch is page.watch for tab in tabs)
    loaded = {urlsplit(url)._replace(scheme="", netloc="").geturl() for url in page.watch.requests}
    assert {page_url(lang, path) for path in STATIC_PATHS} <= loaded, "a page was not watched"
    assert page.watch.foreign == []


ADD_FOREIGN_IMAGE = (
    "() => { const img = document.createElement('img'); img.alt = '';"
    " img.src = 'https://tiles.example.org/1/2/3.png'; document.body.append(img); }"
)


def test_the_policy_stops_an_image_from_another_host(new_page):
    page = new_page("phone")
    goto(page, "/el/")
    # The breach is reported, and the request fails, when the browser refuses the image: no
    # need to wait for half a second of network idleness.
    refused = page.expect_event("requestfailed", lambda req: "tiles.example.org" in req.url)
    reported = page.expect_console_message(lambda msg: "tiles.example.org" in msg.text)
    with refused, reported:
        page.evaluate(ADD_FOREIGN_IMAGE)
    assert any("tiles.example.org" in breach for breach in page.watch.csp_breaches)
    assert page.watch.foreign == []  # the browser did not even try
    page.watch.csp_breaches.clear()  # seen; do not fail this test at teardown


def test_the_guard_catches_a_request_to_another_host_and_never_sends_it(new_page):
    page = new_page("phone", bypass_csp=True)  # as if the policy had a hole
    goto(page, "/el/")
    # The guard aborts the request (after recording it): wait for that, not for network idle.
    with page.expect_event("requestfailed", lambda req: "tiles.example.org" in req.url):
        page.evaluate(ADD_FOREIGN_IMAGE)
    assert page.watch.foreign == ["https://tiles.example.org/1/2/3.png"]
    page.watch.foreign.clear()  # seen; do not fail this test at teardown


def test_the_browser_refuses_an_inline_script(new_page):
    page = new_page("phone")
    goto(page, "/el/")
    with page.expect_console_message(lambda msg: "Content Security Policy" in msg.text):
        page.evaluate(
            "() => { const s = document.createElement('script');"
            " s.textContent = 'window.injected = true'; document.body.append(s); }"
        )
    assert page.evaluate("window.injected === undefined")
    assert page.watch.csp_breaches, "the CSP breach was not reported"
    page.watch.csp_breaches.clear()  # seen; do not fail this test at teardown


def test_the_browser_refuses_an_inline_style_attribute(new_page):
    page = new_page("phone")
    goto(page, "/el/")
    colour = page.evaluate(
        "() => { const d = document.createElement('div'); d.innerHTML ="
        " '<p id=styled style=\"color: rgb(255, 0, 0)\">x</p>';"
        " document.querySelector('main').append(d.firstChild);"
        " return getComputedStyle(document.getElementById('styled')).color; }"
    )
    assert colour != "rgb(255, 0, 0)"
    assert page.watch.csp_breaches
    page.watch.csp_breaches.clear()  # seen; do not fail this test at teardown
