"""Handing a service to a client, in Chromium: the share block on a 390 px phone (QR code,
copy link, send links), without JavaScript, and the print view on one A4 sheet in each language.

Set SHARE_SCREENSHOTS=/some/folder to keep screenshots and the PDFs (off by default).
"""

import os
import re
from pathlib import Path

import pytest

from tests import factories
from tests.browser.helpers import axe_violations, describe_violations, goto

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = os.environ.get("SHARE_SCREENSHOTS", "")


def _keep(name: str, *, page=None, pdf: bytes | None = None) -> None:
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    if page is not None:
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    if pdf is not None:
        (folder / f"{name}.pdf").write_bytes(pdf)


def pdf_page_count(pdf: bytes) -> int:
    """Pages of a PDF as Chromium writes it (one /Type /Page object per page)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


@pytest.fixture
def busy_service():
    """A service with as much as a real record holds: the sheet must still fit one page."""
    organisation = factories.make_organisation(
        name="Ελληνικό Συμβούλιο για τους Πρόσφυγες",
        name_en="Greek Council for Refugees",
        slug="gcr",
        phone="210 3800990",
        email="gcr1@gcr.gr",
        website="https://www.gcr.gr/",
    )
    service = factories.make_service(
        name="Δωρεάν νομική συνδρομή σε αιτούντες άσυλο και πρόσφυγες",
        name_en="Free legal aid for asylum seekers and refugees",
        slug="free-legal-aid",
        organisation=organisation,
        access_walk_in=True,
        access_appointment=True,
        access_phone=True,
        access_referral=True,
        how_to_access_el="Καλέστε για ραντεβού από Δευτέρα έως Παρασκευή. " * 6,
        how_to_access_en="Call for an appointment from Monday to Friday. " * 6,
        hours_notes_el="Κλειστά τις επίσημες αργίες. Τον Αύγουστο λειτουργεί μόνο η γραμμή. " * 2,
        hours_notes_en="Closed on public holidays. In August only the phone line works. " * 2,
    )
    for number, street in enumerate(("Σόλωνος 25", "Αγίου Κωνσταντίνου 12", "Πατησίων 100")):
        service.locations.add(
            factories.make_location(
                organisation=organisation,
                name_el=f"Γραφείο {number + 1}",
                name_en=f"Office {number + 1}",
                address_el=street,
                address_en=street,
                step_free=number == 0,
            )
        )
    for slug, name, name_en in (
        ("fa", "Φαρσί", "Farsi"),
        ("ar", "Αραβικά", "Arabic"),
        ("en", "Αγγλικά", "English"),
        ("fr", "Γαλλικά", "French"),
    ):
        service.languages.add(factories.make_language(slug=slug, name=name, name_en=name_en))
    for weekday in range(5):
        factories.add_hours(service, weekday, "09:00", "13:00")
        factories.add_hours(service, weekday, "15:00", "18:30")
    factories.add_hours(service, 5, "10:00", "13:00")
    return service


@pytest.mark.parametrize("lang", ["el", "en"])
def test_print_view_fits_one_a4_sheet_and_says_when_it_was_printed(new_page, busy_service, lang):
    page = new_page(PHONE)
    goto(page, f"/{lang}/services/free-legal-aid/print/")
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    pdf = page.pdf(format="A4", print_background=False)
    _keep(f"print-{lang}", page=page, pdf=pdf)
    assert pdf_page_count(pdf) == 1
    text = page.locator("main").inner_text()
    assert ("Τυπώθηκε στις" if lang == "el" else "Printed on") in text
    # The phone is stored in E.164 and shown in the national format (accmr/lib/phones.py).
    assert "18:30" in text and "Σόλωνος 25" in text and "21 0380 0990" in text
    assert page.locator('main a[href="tel:+302103800990"]').count() == 1
    # The sheet carries the QR code of the live page, drawn by our server.
    qr = page.locator(".print-sheet__qr img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert qr.evaluate("img => img.naturalWidth") > 0


def test_printing_the_service_page_itself_leaves_out_open_now(new_page, busy_service):
    page = new_page("desktop")
    goto(page, "/en/services/free-legal-aid/")
    page.emulate_media(media="print")
    assert not page.locator(".opening-now").is_visible()
    assert page.locator(".print-only").is_visible()
    assert not page.locator(".share-page").is_visible()
    pdf = page.pdf(format="A4")
    _keep("service-page-print-en", pdf=pdf)
    assert pdf_page_count(pdf) >= 1


def test_worker_on_a_phone_copies_the_link_and_finds_sms_and_qr(new_page, busy_service):
    page = new_page(PHONE, permissions=["clipboard-read", "clipboard-write"])
    goto(page, "/el/services/free-legal-aid/")
    page.get_by_role("link", name="Κοινοποίηση ή εκτύπωση για τον/την ωφελούμενο/η").click()
    block = page.locator(".share-page")
    assert block.is_visible()
    qr = block.locator("img.share-page__qr")
    assert qr.is_visible() and qr.evaluate("img => img.naturalWidth") > 0
    block.get_by_role("button", name="Αντιγραφή συνδέσμου").click()
    page.wait_for_function(
        "() => document.querySelector('[data-copy-status]').textContent.length > 0"
    )
    assert block.locator("[data-copy-status]").inner_text() == "Ο σύνδεσμος αντιγράφηκε."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/el/services/free-legal-aid/")
    sms = block.get_by_role("link", name="Αποστολή με SMS").get_attribute("href")
    assert sms.startswith("sms:?body=") and "free-legal-aid" in sms
    _keep("share-el-390", page=page)
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)
    block.get_by_role("link", name="Εκτύπωση για τον/την ωφελούμενο/η").click()
    assert page.url.endswith("/el/services/free-legal-aid/print/")


def test_without_javascript_the_address_is_there_to_select_and_no_dead_button(
    new_page, busy_service
):
    page = new_page(PHONE, java_script_enabled=False)
    goto(page, "/en/organisations/gcr/")
    block = page.locator(".share-page")
    assert block.locator("input#share-page-url").input_value().endswith("/en/organisations/gcr/")
    assert not block.get_by_role("button", name="Copy link").is_visible()
    assert not block.get_by_role("button", name="Print this page").is_visible()
    assert block.get_by_role("link", name="Send by e-mail").is_visible()
