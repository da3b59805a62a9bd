"""Layout checks that only a real browser can make (Chromium through Playwright)."""

import pytest

from network.seed import seed_network

PHONE = {"width": 360, "height": 740}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone_page(browser):
    """A bare phone-sized page (the conftest's watched one is not needed here)."""
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("language", ["el", "en"])
def test_comparison_table_scrolls_in_its_box_and_the_page_does_not_scroll_sideways(
    live_server, phone_page, language
):
    # The Cities Network as seed_demo loads it (every municipality, the real categories as
    # columns); the directory, bulletin and calls that seed_demo adds play no part here.
    seed_network()

    phone_page.goto(f"{live_server.url}/{language}/network/compare/")

    # Cells with services hold visually-hidden text: that is what used to escape the box.
    assert phone_page.locator(".compare-table td.has-services .visually-hidden").count() > 0
    page_width = phone_page.evaluate("document.documentElement.scrollWidth")
    box = phone_page.evaluate(
        "() => { const b = document.querySelector('.compare-scroll');"
        " return [b.clientWidth, b.scrollWidth]; }"
    )
    assert page_width <= PHONE["width"]
    assert box[1] > box[0]  # the table is wider than a phone: it scrolls inside its box


@pytest.mark.parametrize("language", ["el", "en"])
def test_a_phone_zoomed_to_200_percent_never_scrolls_sideways(live_server, browser, language):
    # 360 px at 200 % zoom is 180 CSS px: the header, the home page's buttons and the
    # contact page's hours table used to stick out.
    context = browser.new_context(viewport={"width": 180, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    too_wide = {}
    for path in ("", "contact/", "organisations/", "account/login/"):
        page.goto(f"{live_server.url}/{language}/{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            too_wide[path] = overflow
    context.close()
    assert too_wide == {}
