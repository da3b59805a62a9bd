"""axe-core with the WCAG 2.0/2.1 A and AA rules on every public page (tests/pages.py), in both
languages, at phone and desktop width: zero violations.

One test per page and language checks both widths on the same page (resizing the viewport
re-applies the media queries), which halves the browser work against one test per width. The
tests visit anonymously, each in the browser context the module's previous test left (cleared:
see anonymous_phone_page), rather than starting a browser context each.
"""

import pytest

from tests.browser.conftest import VIEWPORTS
from tests.browser.helpers import axe_violations, describe_violations, goto
from tests.pages import (
    LANGUAGES,
    NOT_FOUND_PATH,
    RECORD_KINDS,
    STATIC_PATHS,
    make_sample_records,
    page_url,
)

pytestmark = pytest.mark.browser


def _violations_at_each_width(page, url, *, status=200) -> list[str]:
    page.set_viewport_size(VIEWPORTS["phone"])  # loaded at phone width, then widened
    goto(page, url, status=status)
    reports = []
    for name, size in VIEWPORTS.items():
        page.set_viewport_size(size)
        violations = axe_violations(page)
        if violations:
            reports.append(
                f"{url}: {len(violations)} violation(s) at {name} width ({size['width']}px):\n"
                + describe_violations(violations)
            )
    return reports


def _assert_no_violations_at_each_width(page, url, *, status=200):
    reports = _violations_at_each_width(page, url, status=status)
    assert not reports, "axe (WCAG 2.1 A/AA):\n" + "\n".join(reports)


def _path_id(path: str) -> str:
    return path.replace("?", " ").strip("/") or "home"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("path", STATIC_PATHS, ids=_path_id)
def test_public_page_has_no_accessibility_violations(anonymous_phone_page, path, lang):
    _assert_no_violations_at_each_width(anonymous_phone_page, page_url(lang, path))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_record_pages_have_no_accessibility_violations(anonymous_phone_page, lang):
    # One test visits every kind of record page: the sample records are made (and the live
    # server's database flushed) once per language instead of once per page; every page is
    # checked and every page's violations are reported.
    records = make_sample_records()
    reports = []
    for kind in RECORD_KINDS:
        reports += _violations_at_each_width(anonymous_phone_page, page_url(lang, records[kind]))
    assert not reports, "axe (WCAG 2.1 A/AA):\n" + "\n".join(reports)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_not_found_page_has_no_accessibility_violations(anonymous_phone_page, lang):
    _assert_no_violations_at_each_width(
        anonymous_phone_page, page_url(lang, NOT_FOUND_PATH), status=404
    )


@pytest.mark.parametrize("lang", ["ar", "fa", "ur", "fr", "uk"])
def test_public_only_languages_have_no_accessibility_violations(anonymous_phone_page, lang):
    """The five public-only languages (issue 19), three of them right to left: the home page,
    the services list, a service page and the help page, at each width."""
    page = anonymous_phone_page
    service = make_sample_records()["service"]
    reports = []
    for path in ("", "services/", service, "help/"):
        reports += _violations_at_each_width(page, page_url(lang, path))
    assert not reports, "axe (WCAG 2.1 A/AA):\n" + "\n".join(reports)


def test_axe_reports_a_violation_when_there_is_one(anonymous_phone_page):
    """The check itself works: an image without a text alternative is reported."""
    page = anonymous_phone_page
    goto(page, "/el/")
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = 'data:,';"
        " document.querySelector('main').append(img); }"
    )
    assert "image-alt" in {v["id"] for v in axe_violations(page)}
