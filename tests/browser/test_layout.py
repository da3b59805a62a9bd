"""Layout checks that only a real browser can make (Chromium through Playwright).

A phone zoomed to 200 % (180 CSS px) is checked on every public page in both languages by
test_keyboard_and_reflow.py's reflow test, the header, the home page's buttons and the contact
page's hours table included (they used to stick out).
"""

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


def test_comparison_table_scrolls_in_its_box_and_the_page_does_not_scroll_sideways(
    live_server, phone_page
):
    # The Cities Network as seed_demo loads it (every municipality, the real categories as
    # columns), seeded once for both languages; the directory, bulletin and calls that
    # seed_demo adds play no part here.
    seed_network()

    problems = {}
    for language in ("el", "en"):
        phone_page.goto(f"{live_server.url}/{language}/network/compare/")

        # Cells with services hold visually-hidden text: that is what used to escape the box.
        hidden_texts = phone_page.locator(".compare-table td.has-services .visually-hidden")
        page_width = phone_page.evaluate("document.documentElement.scrollWidth")
        box = phone_page.evaluate(
            "() => { const b = document.querySelector('.compare-scroll');"
            " return [b.clientWidth, b.scrollWidth]; }"
        )
        if not hidden_texts.count() > 0:
            problems[language] = "no cell with services"
        elif page_width > PHONE["width"]:
            problems[language] = f"the page is {page_width}px wide"
        elif not box[1] > box[0]:  # the table is wider than a phone: it scrolls inside its box
            problems[language] = f"the table does not scroll in its box: {box}"
    assert problems == {}
