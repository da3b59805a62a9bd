"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

- `browser`: one headless Chromium for all browser tests (/usr/bin/chromium, never a downloaded
  browser; the tests fail, not skip, when it is missing).
- `new_page(viewport="phone"|"desktop", ...)`: a fresh page in its own context (own cookies) whose
  requests are all recorded; the test fails if any of them goes to another host, if the page
  breaks its Content-Security-Policy, or if a script throws. Requests to other hosts never leave
  the machine: the browser sends everything but the live server (on localhost) to a proxy
  address nothing answers on, where they fail. The same holds for every other
  page of that context (`page.context.new_page()`, pop-ups), sharing the first one's `watch`.
- `anonymous_phone_page`: the same at phone width, in a context kept for the module's next tests
  (cleared between them): for anonymous visits with the default context options.
- On failure, a full-page screenshot and the HTML of every open page go to test-artefacts/.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import AXE_IN_EVERY_PAGE
from tests.pages import history_lacks_translations

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {
    "phone": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 900},
}
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"
LOCAL_SCHEMES = {"data", "blob", "about"}
# Every request to another host goes to this proxy, where nothing answers (the discard port of
# this machine), and fails; the live server (localhost) is reached directly. The browser blocks
# them itself: routing every request through Playwright instead (context.route) costs a round
# trip per request and turns the browser's cache off, a third of each page load.
NO_WAY_OUT = {"server": "http://127.0.0.1:9", "bypass": "localhost,127.0.0.1,[::1]"}

_report_key = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the test item, so fixtures can see whether the test failed.
    report = yield
    item.stash.setdefault(_report_key, {})[report.when] = report
    return report


def _failed(node) -> bool:
    reports = node.stash.get(_report_key, {})
    return any(r.failed for r in reports.values())


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests (package scope: the tests/browser package).

    Playwright's sync API runs an event loop in this thread while the browser is open, and
    Django refuses ORM calls when it sees a running loop; the tests' own factory calls are
    synchronous and safe, so the check is switched off exactly while the browser is open.
    """
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}, which is missing. "
            "Install it with `apt-get install chromium` (`make install` does so when run as "
            "root). The tests never download a browser.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    try:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True, proxy=NO_WAY_OUT
        )
        yield chromium
        chromium.close()
    finally:
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(autouse=True)
def _rows_can_be_saved(settings):
    if history_lacks_translations():  # see tests/pages.py
        settings.SIMPLE_HISTORY_ENABLED = False


class PageWatch:
    """What a page did: every request, requests to other hosts, CSP breaches, script errors."""

    def __init__(self, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.csp_breaches: list[str] = []
        self.script_errors: list[str] = []

    def clear(self) -> None:
        for seen in (self.requests, self.foreign, self.csp_breaches, self.script_errors):
            seen.clear()

    def record(self, request) -> None:
        self.requests.append(request.url)
        if not self.is_ours(request.url):
            self.foreign.append(request.url)

    def record_failure(self, request) -> None:
        # A request the browser refused itself, by the page's Content-Security-Policy, was never
        # sent (the breach is reported on its own): only what the browser tried to send counts.
        if request.failure == "csp" and request.url in self.foreign:
            self.foreign.remove(request.url)

    def is_ours(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            return True
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def problems(self) -> list[str]:
        problems = [f"request to another host: {url}" for url in self.foreign]
        problems += [f"Content-Security-Policy breach: {msg}" for msg in self.csp_breaches]
        problems += [f"script error: {msg}" for msg in self.script_errors]
        return problems


def _watched_page(browser, origin: str, viewport, **context_options):
    """A page in a context of its own, every page of that context watched (see PageWatch)."""
    size = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport
    context = browser.new_context(
        viewport=size,
        base_url=origin,
        service_workers="block",
        **context_options,
    )
    context.set_default_timeout(10_000)
    watch = PageWatch(origin)

    def watch_page(page):
        if getattr(page, "watch", None) is watch:
            return
        page.on(
            "console",
            lambda msg: (
                watch.csp_breaches.append(msg.text)
                if msg.type == "error" and "Content Security Policy" in msg.text
                else None
            ),
        )
        page.on("pageerror", lambda exc: watch.script_errors.append(str(exc)))
        page.watch = watch

    # Every request of the context is recorded; those to other hosts fail (NO_WAY_OUT).
    context.on("request", watch.record)
    context.on("requestfailed", watch.record_failure)
    # Every page of the context is watched: more tabs (page.context.new_page()), pop-ups.
    context.on("page", watch_page)
    page = context.new_page()
    watch_page(page)
    return page


def _check_after_the_test(request, pages) -> list[str]:
    """Keep the artefacts of a failed test; the problems its pages' watches saw."""
    if _failed(request.node):
        _save_artefacts(request.node.nodeid, pages)
    return [problem for page in pages for problem in page.watch.problems()]


def _fail_on(request, problems: list[str]) -> None:
    if problems and not _failed(request.node):
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def new_page(browser, live_server, request):
    """Make pages: `new_page("phone")`, `new_page("desktop", java_script_enabled=False)`.

    Extra keyword arguments go to Playwright's `browser.new_context()`. Relative URLs in
    `page.goto("/el/")` are resolved against the live server.
    """
    origin = live_server.url.rstrip("/")
    opened = []

    def make(viewport: str = "desktop", **context_options):
        page = _watched_page(browser, origin, viewport, **context_options)
        opened.append(page)
        return page

    yield make

    problems = _check_after_the_test(request, opened)
    for page in opened:
        page.context.close()
    _fail_on(request, problems)


@pytest.fixture(scope="module")
def _kept_pages(browser):
    kept = {}
    yield kept
    for page in kept.values():
        page.context.close()


@pytest.fixture
def anonymous_phone_page(_kept_pages, browser, live_server, request):
    """A watched phone-sized page like `new_page("phone")`'s, for a test that only visits pages
    anonymously and leaves its context's options as they are: its context is kept for the
    module's next such tests (on this worker) instead of a new one each time.

    Each test starts on a blank page at phone width, with no cookies and a watch of its own;
    axe is already in every page it opens (AXE_IN_EVERY_PAGE);
    the page is left blank again after it (nothing of one test is seen in the next) and every
    tab it opened is closed. After a failure or a problem the context is closed, and the next
    test gets a new one.
    """
    page = _kept_pages.get("phone")
    if page is None:
        page = _kept_pages["phone"] = _watched_page(browser, live_server.url.rstrip("/"), "phone")
        # Its pages are there to be checked with axe: axe comes with every page.
        page.context.add_init_script(script=AXE_IN_EVERY_PAGE)
    page.context.clear_cookies()
    page.watch.clear()
    page.set_viewport_size(VIEWPORTS["phone"])

    yield page

    problems = _check_after_the_test(request, page.context.pages)
    for tab in page.context.pages:
        if tab is not page:
            tab.close()
    if problems or _failed(request.node):
        del _kept_pages["phone"]
        page.context.close()
    else:
        page.goto("about:blank")
    _fail_on(request, problems)


def _save_artefacts(nodeid: str, pages) -> None:
    ARTEFACTS.mkdir(exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid)[-150:]
    for number, page in enumerate(pages, start=1):
        try:
            page.screenshot(path=str(ARTEFACTS / f"{stem}-{number}.png"), full_page=True)
            (ARTEFACTS / f"{stem}-{number}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # noqa: BLE001 - a failed screenshot must not hide the failure
            print(f"Could not save the artefacts of {nodeid}: {exc}")
