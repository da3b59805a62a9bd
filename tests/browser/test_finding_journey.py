"""The referral moment on a 390 px phone (issue #17): from the home page, a worker finds a free
legal-aid service that speaks Farsi and is open today in at most four taps, opens its share block
(QR code, SMS link) and the print view; an empty result offers a way forward. axe on every page.

Set FIND_SCREENSHOTS=/some/folder to keep screenshots (off by default).
"""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.utils import timezone

from tests import factories
from tests.browser.helpers import axe_violations, describe_violations, goto, local_url

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("FIND_SCREENSHOTS", "")


def _keep(page, name: str) -> None:
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"{name}.png"))  # the first screen only


def _no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


class Taps:
    """Counts what the worker does: every click on a link or a button is a tap."""

    def __init__(self, page):
        self.page = page
        self.count = 0

    def follow(self, locator) -> None:
        self.count += 1
        with self.page.expect_navigation(wait_until="load"):
            locator.click()


def _every_day(service) -> None:
    for weekday in range(7):
        factories.add_hours(service, weekday, "00:00", "23:59")


@pytest.fixture
def legal_aid():
    """The service to find, and near misses that each of the four filters must drop."""
    legal = factories.make_category(slug="legal", name="Νομική συνδρομή", name_en="Legal aid")
    health = factories.make_category(slug="health", name="Υγεία", name_en="Health")
    farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
    arabic = factories.make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    factories.make_language(slug="ur", name="Ούρντου", name_en="Urdu")
    organisation = factories.make_organisation(
        name="Ελληνικό Συμβούλιο για τους Πρόσφυγες",
        name_en="Greek Council for Refugees",
        slug="gcr",
        phone="210 3800990",
    )
    location = factories.make_location(
        organisation=organisation, address_el="Σόλωνος 25", latitude="37.9800", longitude="23.7350"
    )
    wanted = factories.make_service(
        name="Νομική συνδρομή σε αιτούντες άσυλο",
        name_en="Legal aid for asylum seekers",
        slug="wanted",
        organisation=organisation,
        category=legal,
        is_free=True,
        access_walk_in=True,
        access_phone=True,
        open_on_public_holidays=True,  # open today, whatever day the test runs
    )
    wanted.languages.add(farsi)
    wanted.locations.add(location)
    _every_day(wanted)
    tomorrow = (timezone.localdate() + dt.timedelta(days=2)).weekday()
    misses = [
        ("Α. Νομική με πληρωμή", legal, farsi, False, True),  # not free
        ("Β. Νομική στα αραβικά", legal, arabic, True, True),  # another language
        ("Γ. Ιατρείο στα φαρσί", health, farsi, True, True),  # another category
        ("Δ. Νομική, κλειστή σήμερα", legal, farsi, True, False),  # closed today
    ]
    for name, category, language, free, every_day in misses:
        miss = factories.make_service(
            name=name, organisation=organisation, category=category, is_free=free
        )
        miss.languages.add(language)
        if every_day:
            _every_day(miss)
        else:
            factories.add_hours(miss, tomorrow, "09:00", "13:00")
    return wanted


def test_worker_finds_free_legal_aid_in_farsi_open_today_in_four_taps_then_shares_and_prints(
    new_page, legal_aid
):
    page = new_page(PHONE)
    taps = Taps(page)
    goto(page, "/el/")
    _no_axe_violations(page)
    _keep(page, "1-home-el")

    taps.follow(page.locator(".need-links").get_by_role("link", name="Νομική συνδρομή"))
    assert local_url(page) == "/el/services/?category=legal"
    taps.follow(page.locator(".quick-filters").get_by_role("link", name="Ανοιχτό σήμερα"))
    taps.follow(page.locator(".quick-filters").get_by_role("link", name="Μόνο δωρεάν"))
    taps.follow(page.locator(".quick-filters").get_by_role("link", name="Φαρσί (1 υπηρεσία)"))
    assert taps.count <= 4

    results = page.locator(".directory-results > li")
    assert results.count() == 1, results.all_inner_texts()
    assert "Νομική συνδρομή σε αιτούντες άσυλο" in results.first.inner_text()
    # Results first: the first result starts on the first screen of the phone.
    first_top = results.first.bounding_box()["y"]
    print(f"first result at y={first_top:.0f} px (390x844, Greek)")
    assert first_top < PHONE["height"] - 100
    # The four filters in words, each removable in one tap; the folded panel.
    chips = page.locator(".active-filters__item")
    assert chips.count() == 4
    assert "Φαρσί" in chips.all_inner_texts()[-1] or "Φαρσί" in " ".join(chips.all_inner_texts())
    assert not page.locator("details#filters").evaluate("el => el.open")
    _no_axe_violations(page)
    _keep(page, "2-results-el")

    taps.follow(results.get_by_role("link", name="Νομική συνδρομή σε αιτούντες άσυλο"))
    facts = page.locator(".service-facts")
    assert facts.bounding_box()["y"] + facts.bounding_box()["height"] <= PHONE["height"]
    facts_text = facts.inner_text()
    for words in ("Ανοιχτό τώρα", "Χωρίς ραντεβού", "Φαρσί", "21 0380 0990"):
        assert words in facts_text
    assert facts.locator('a[href="tel:+302103800990"]').count() == 1
    directions = page.locator('a[href^="https://www.openstreetmap.org/directions?to="]')
    assert directions.count() == 1
    _no_axe_violations(page)
    _keep(page, "3-service-el")

    page.get_by_role("link", name="Κοινοποίηση ή εκτύπωση για τον/την ωφελούμενο/η").click()
    block = page.locator(".share-page")
    qr = block.locator("img.share-page__qr")
    assert qr.is_visible() and qr.evaluate("img => img.naturalWidth") > 0
    sms = block.get_by_role("link", name="Αποστολή με SMS").get_attribute("href")
    assert sms.startswith("sms:") and "%2Fel%2Fservices%2Fwanted%2F" in sms
    with page.expect_navigation(wait_until="load"):
        block.get_by_role("link", name="Εκτύπωση για τον/την ωφελούμενο/η").click()
    assert local_url(page) == "/el/services/wanted/print/"
    _no_axe_violations(page)


@pytest.mark.parametrize("lang", ["el", "en"])
def test_an_empty_result_offers_a_way_forward_that_finds_services(new_page, legal_aid, lang):
    page = new_page(PHONE)
    goto(page, f"/{lang}/services/?category=legal&language=ur&open_on=today&free=on")
    assert page.locator(".directory-results > li").count() == 0
    way_forward = page.locator(".ways-forward")
    assert way_forward.is_visible()
    _no_axe_violations(page)
    _keep(page, f"4-empty-{lang}")
    with page.expect_navigation(wait_until="load"):
        way_forward.get_by_role("link").first.click()
    assert page.locator(".directory-results > li").count() > 0


def test_the_results_in_english_on_a_phone(new_page, legal_aid):
    page = new_page(PHONE)
    goto(page, "/en/services/?category=legal&open_on=today&free=on&language=fa")
    assert page.locator(".directory-results > li").count() == 1
    first_top = page.locator(".directory-results > li").first.bounding_box()["y"]
    print(f"first result at y={first_top:.0f} px (390x844, English)")
    assert first_top < PHONE["height"] - 100
    _no_axe_violations(page)
    _keep(page, "5-results-en")
    goto(page, "/en/services/wanted/")
    _no_axe_violations(page)
    _keep(page, "6-service-en")


def test_choosing_a_category_offers_only_its_sub_categories(new_page, legal_aid):
    legal = legal_aid.category
    health = factories.make_category(slug="health")
    factories.make_category(slug="asylum", name="Άσυλο", name_en="Asylum", parent=legal)
    factories.make_category(slug="dental", name="Οδοντιατρική", name_en="Dental", parent=health)
    page = new_page("desktop")
    goto(page, "/en/services/")
    form = page.get_by_role("search", name="Search services")
    subcategory = form.get_by_label("Sub-category", exact=True)
    assert sorted(subcategory.locator("option:not(:disabled)").all_inner_texts()) == [
        "Any",
        "Asylum",
        "Dental",
    ]
    form.get_by_label("Category", exact=True).select_option(label="Legal aid")
    assert subcategory.locator("option:not(:disabled)").all_inner_texts() == ["Any", "Asylum"]
