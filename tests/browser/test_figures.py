"""The directory in figures in a real browser: axe finds nothing in either language, at 390px
(a phone) and on a desktop, with every kind of chart drawn; the page prints."""

import os
from pathlib import Path

import pytest

from tests import factories
from tests.browser.helpers import axe_violations, describe_violations, goto

pytestmark = pytest.mark.browser

WIDTHS = {"390px": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
SHOTS = os.environ.get("FIGURES_SCREENSHOTS")  # a folder: keep screenshots to look at


def _directory():
    legal = factories.make_category(slug="legal", name="Νομική βοήθεια", name_en="Legal aid")
    lessons = factories.make_category(slug="greek", name="Ελληνικά μαθήματα", name_en="Greek")
    child = factories.make_category(
        slug="child", name="Προστασία παιδιού", name_en="Child protection"
    )
    ngo = factories.make_org_type()
    city = factories.make_org_type(slug="municipal", name="Δήμος", name_en="Municipality")
    farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
    arabic = factories.make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    women = factories.make_population_group(slug="women", name="Γυναίκες", name_en="Women")
    for n in range(6):
        organisation = factories.make_organisation(
            org_type=ngo if n % 2 else city, last_checked=None if n == 5 else "2026-01-01"
        )
        location = factories.make_location(organisation=organisation, community=n % 7 + 1)
        for category in (legal, lessons, child)[: n % 3 + 1]:
            service = factories.make_service(organisation=organisation, category=category)
            service.locations.add(location)
            service.languages.add(farsi if n % 2 else arabic)
            service.population_groups.add(women)
    municipality = factories.make_municipality(name="Κατερίνη", name_en="Katerini")
    factories.make_structure(municipality=municipality, organisation=organisation)


@pytest.mark.parametrize("lang", ["el", "en"])
def test_the_figures_page_has_no_accessibility_violations_and_prints(new_page, lang):
    _directory()
    page = new_page("phone")
    goto(page, f"/{lang}/data/figures/")
    assert page.locator("svg[role=img]").count() == 5
    reports = []
    for name, size in WIDTHS.items():
        page.set_viewport_size(size)
        violations = axe_violations(page)
        if violations:
            reports.append(f"{name}:\n{describe_violations(violations)}")
        # Nothing is wider than the screen but the charts' own scrolling boxes.
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        assert overflow <= 0, f"{overflow}px wider than the {name} screen"
        if SHOTS:
            page.screenshot(path=str(Path(SHOTS) / f"figures-{lang}-{name}.png"), full_page=True)
    assert not reports, "\n".join(reports)
    page.emulate_media(media="print")
    assert page.locator("svg[role=img]").first.is_visible()
    if SHOTS:
        page.pdf(path=str(Path(SHOTS) / f"figures-{lang}.pdf"))
