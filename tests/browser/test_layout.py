"""Layout checks that only a real browser can make (Chromium through Playwright)."""

import io
import os

import pytest
from django.core.management import call_command

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; the ORM is only used by the live server's
    # thread while it runs, but Django's guard looks at the test's thread.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser.new_page(viewport={"width": 360, "height": 740})
        browser.close()


@pytest.mark.parametrize("language", ["el", "en"])
def test_comparison_table_scrolls_in_its_box_and_the_page_does_not_scroll_sideways(
    live_server, page, language
):
    call_command("seed_demo", stdout=io.StringIO())

    page.goto(f"{live_server.url}/{language}/network/compare/")

    assert page.locator(".compare-table td.has-services").count() > 0
    page_width = page.evaluate("document.documentElement.scrollWidth")
    box = page.evaluate(
        "() => { const b = document.querySelector('.compare-scroll');"
        " return [b.clientWidth, b.scrollWidth]; }"
    )
    assert page_width <= 360
    assert box[1] > box[0]  # the table is wider than a phone: it scrolls inside its box
