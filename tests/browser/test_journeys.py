"""Journeys through the portal on a phone, each done with the pointer and with the keyboard only.

Issue 8's journeys (see tests/browser/actors.py): find a service in Greek (search, filter,
open, read the hours) and switch to English on the same service; report a problem on an
organisation page; an editor changes a service and a coordinator approves it in the admin,
the public page changing only then. Each journey makes its own records and runs twice: with
the pointer, and with Tab/Enter/Space alone, every focus stop showing a visible indicator.

Set JOURNEY_SCREENSHOTS=/some/folder to keep a screenshot of each key step (off by default).
"""

import os
import re
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.core import mail, signing

from members.forms import ProblemReportForm
from members.models import ChangeRequest, ProblemReport, Service
from tests import factories
from tests.browser.actors import Visitor
from tests.browser.helpers import form_error_problems, local_url

pytestmark = pytest.mark.browser

KEYBOARD = {"reduced_motion": "reduce"}
PASSWORD = "correct horse battery"
SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")


@pytest.fixture(params=["pointer", "keyboard"])
def visitor(request, new_page):
    keyboard = request.param == "keyboard"
    return Visitor(new_page("phone", **KEYBOARD), keyboard=keyboard)


def snap(visitor: Visitor, step: str) -> None:
    """Keep a screenshot of a key step when JOURNEY_SCREENSHOTS names a folder."""
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        how = "keyboard" if visitor.keyboard else "pointer"
        visitor.page.screenshot(path=str(folder / f"{step}-{how}.png"), full_page=True)


def test_visitor_finds_the_services_searches_and_reads_the_results_in_english(visitor):
    page = visitor.page
    visitor.open("/el/")
    visitor.open_menu()
    visitor.follow(page.locator('nav.site-nav a[href="/el/services/"]'))
    assert local_url(page) == "/el/services/"
    assert page.locator('nav.site-nav a[aria-current="page"]').get_attribute("href") == (
        "/el/services/"
    )

    visitor.fill(page.locator("#site-search-q"), "άσυλο")
    visitor.press_button(page.locator(".site-search button[type=submit]"))
    assert local_url(page) == f"/el/search/?q={quote('άσυλο')}"

    visitor.follow(page.locator("nav.language-switcher a[hreflang=en]"))
    assert local_url(page) == f"/en/search/?q={quote('άσυλο')}"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("#site-search-q").input_value() == "άσυλο"


def test_keyboard_visitor_fails_on_an_element_out_of_reach(new_page):
    """The keyboard actor is strict: what Tab cannot reach fails the journey."""
    visitor = Visitor(new_page("phone", **KEYBOARD), keyboard=True, max_tabs=40)
    visitor.open("/el/")
    visitor.page.evaluate(
        "() => { const p = document.createElement('p'); p.id = 'unreachable';"
        " p.textContent = 'not focusable'; document.querySelector('main').append(p); }"
    )
    with pytest.raises(AssertionError, match="could not be reached with Tab"):
        visitor.tab_to(visitor.page.locator("#unreachable"))


# 1. Find a service in Greek, read its hours, switch to English ----------------------------


def _services_to_find() -> Service:
    """The service to find, and near misses that each filter or the search must drop."""
    legal = factories.make_category(slug="legal-aid", name="Νομική βοήθεια", name_en="Legal aid")
    health = factories.make_category(slug="health", name="Υγεία", name_en="Health")
    farsi = factories.make_language(slug="fa", name="Φαρσί", name_en="Farsi")
    greek = factories.make_language()
    organisation = factories.make_organisation(
        name="Παράδειγμα: Νομικό κέντρο", name_en="Example: Legal centre", slug="example-legal"
    )
    wanted = factories.make_service(
        name="Νομική συμβουλευτική στην Αθήνα",
        name_en="Legal counselling in Athens",
        slug="legal-counselling-athens",
        organisation=organisation,
        category=legal,
        description_el="Παράδειγμα υπηρεσίας για τους ελέγχους του δικτυακού τόπου.",
        description_en="An example service for the portal's checks.",
    )
    wanted.languages.add(farsi, greek)
    # Open every day all day long: "open now" holds whenever the test runs (but 23:59).
    for weekday in range(7):
        factories.add_hours(wanted, weekday, "00:00", "23:59")
    near_misses = [
        ("Ιατρείο στην Αθήνα", health, [farsi]),  # dropped by the category
        ("Νομική βοήθεια στα ελληνικά, Αθήνα", legal, [greek]),  # dropped by the language
        ("Νομική βοήθεια στον Πειραιά", legal, [farsi]),  # dropped by the search
    ]
    for name, category, languages in near_misses:
        other = factories.make_service(name=name, organisation=organisation, category=category)
        other.languages.add(*languages)
    return wanted


def test_visitor_on_a_phone_finds_a_service_in_greek_reads_the_hours_and_switches_to_english(
    visitor,
):
    service = _services_to_find()
    page = visitor.page
    visitor.open("/el/services/")
    filters = page.get_by_role("search", name="Αναζήτηση υπηρεσιών")

    # Search without accents, then narrow by category and language.
    visitor.fill(filters.get_by_label("Λέξεις αναζήτησης"), "αθηνα")
    # With no search yet, the filter panel is open.
    visitor.choose_option(filters.get_by_label("Κατηγορία", exact=True), "Νομική βοήθεια")
    visitor.choose_option(filters.get_by_label("Γλώσσα", exact=True), "Φαρσί")
    visitor.press_button(filters.get_by_role("button", name="Εμφάνιση αποτελεσμάτων"))
    assert local_url(page).startswith("/el/services/?")
    results = page.locator(".directory-results > li")
    assert results.count() == 1, results.all_inner_texts()
    snap(visitor, "1-services-found")

    visitor.follow(results.get_by_role("link", name="Νομική συμβουλευτική στην Αθήνα"))
    assert local_url(page) == f"/el/services/{service.slug}/"
    assert page.get_by_role("heading", level=1).inner_text() == "Νομική συμβουλευτική στην Αθήνα"

    # The hours: a row for every day, today's marked, and what that means right now.
    hours = page.get_by_role("table", name="Ωράριο λειτουργίας της εβδομάδας")
    rows = hours.locator("tbody tr")
    assert rows.count() == 7
    assert rows.locator("td").all_inner_texts() == ["00:00–23:59"] * 7
    assert hours.locator("tbody tr.table-active th").inner_text().endswith("(σήμερα)")
    now_line = page.locator(".opening-now").inner_text()
    assert re.fullmatch(r"Ανοιχτό τώρα, έως τις 23:59|.*αύριο.*00:00.*", now_line), now_line
    snap(visitor, "1-service-hours")

    visitor.follow(
        page.get_by_role("navigation", name="Γλώσσα").get_by_role("link", name="English")
    )
    assert local_url(page) == f"/en/services/{service.slug}/"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Legal counselling in Athens"
    assert "An example service for the portal's checks." in page.locator("main").inner_text()
    assert (
        page.get_by_role("table", name="Opening hours in the week").locator("tbody tr").count() == 7
    )


# 2. Report a problem on an organisation page --------------------------------------------


def _backdate_report_form(page, organisation, seconds: int = 10) -> None:
    """Sign the form's start time `seconds` earlier instead of waiting out the 3 s guard."""
    token = signing.dumps(
        {"o": organisation.pk, "t": int(time.time()) - seconds}, salt=ProblemReportForm.SALT
    )
    page.locator("input[name=started]").evaluate("(el, token) => { el.value = token; }", token)


def test_visitor_reports_a_problem_on_an_organisation_page(visitor, settings):
    settings.COORDINATORS_EMAIL = ["coordinators@example.org"]
    organisation = factories.make_organisation(
        name="Παράδειγμα: Κέντρο στήριξης",
        name_en="Example: Support centre",
        slug="example-support-centre",
    )
    page = visitor.page
    visitor.open(f"/el/organisations/{organisation.slug}/")
    visitor.follow(page.get_by_role("link", name="Αναφορά προβλήματος", exact=True))
    assert local_url(page) == f"/el/organisations/{organisation.slug}/report/"

    # Sent empty: the error is next to the field and summarised above the form.
    message = page.get_by_label("Τι είναι λάθος ή τι λείπει;")
    send = page.get_by_role("button", name="Αποστολή αναφοράς")
    _backdate_report_form(page, organisation)
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        visitor.press_button(send)
    assert answer.value.status == 400
    assert form_error_problems(page) == []
    assert message.get_attribute("aria-invalid") == "true"
    assert not ProblemReport.objects.exists()
    snap(visitor, "2-report-error")

    visitor.fill(message, "Το τηλέφωνο στη σελίδα δεν απαντά.")
    _backdate_report_form(page, organisation)
    visitor.press_button(send)
    assert local_url(page) == f"/el/organisations/{organisation.slug}/"
    # The site's messages region; the share block has its own (empty) status region for
    # "link copied", which must be in the page before share.js fills it.
    assert (
        page.get_by_role("status")
        .and_(page.locator(".messages"))
        .inner_text()
        .startswith("Ευχαριστούμε. Η αναφορά σας έφτασε στην ομάδα του ACCMR")
    )
    snap(visitor, "2-report-thanks")

    report = ProblemReport.objects.get()
    assert (report.organisation, report.message) == (
        organisation,
        "Το τηλέφωνο στη σελίδα δεν απαντά.",
    )
    [notice] = mail.outbox
    assert notice.to == ["coordinators@example.org"]
    assert "Το τηλέφωνο στη σελίδα δεν απαντά." in notice.body


# 3. An editor changes a service; a coordinator accepts it; only then the public page changes


OLD_TEXT = "Free legal advice on asylum, for everyone."
NEW_TEXT = "Free legal advice on asylum; on Wednesdays also in Farsi."


@pytest.fixture
def editor_and_service():
    organisation = factories.make_organisation(
        name="Παράδειγμα: Οργάνωση νομικής βοήθειας",
        name_en="Example: Legal aid organisation",
        slug="example-legal-aid-organisation",
    )
    service = factories.make_service(
        name="Παράδειγμα: Νομική βοήθεια για αιτούντες άσυλο",
        name_en="Example: Legal aid for asylum seekers",
        slug="example-legal-aid",
        organisation=organisation,
        description_el="Δωρεάν νομική συμβουλευτική για το άσυλο, για όλους.",
        description_en=OLD_TEXT,
    )
    factories.add_hours(service, 0, "09:00", "15:00")
    editor = factories.make_editor(organisation, email="editor@example.org", password=PASSWORD)
    return editor, service


def test_editors_change_reaches_the_public_page_only_after_a_coordinator_accepts_it(
    visitor, new_page, editor_and_service, settings
):
    # The page cache is on: the approval must make the cached public page stale.
    settings.PAGE_CACHE = True
    editor, service = editor_and_service
    factories.make_coordinator(email="coordinator@example.org", password=PASSWORD)
    public = new_page("phone")  # an anonymous visitor, in a browser of their own
    public_url = f"/en/services/{service.slug}/"

    def public_description(*, cache: str | None = None) -> str:
        response = public.goto(public_url, wait_until="load")
        assert response.status == 200
        if cache:
            assert response.headers.get("x-page-cache") == cache
        return public.get_by_role("region", name="About this service").inner_text()

    assert OLD_TEXT in public_description(cache="miss")  # rendered, and kept in the cache
    assert OLD_TEXT in public_description(cache="hit")

    # The editor logs in and lands on their dashboard.
    page = visitor.page
    visitor.open("/en/account/login/")
    visitor.fill(page.get_by_label("E-mail address"), editor.email)
    visitor.fill(page.get_by_label("Password"), PASSWORD)
    visitor.press_button(page.locator("main").get_by_role("button", name="Log in"))
    assert local_url(page) == "/en/my/"

    # They change the English description of their service and send it for review...
    # "Edit" is followed by the service's name, for screen readers only.
    edit = re.compile(rf"^Edit\s*:\s*{re.escape(service.name_en)}$")
    visitor.follow(page.get_by_role("link", name=edit))
    assert local_url(page) == f"/en/my/services/{service.pk}/"
    visitor.fill(page.get_by_label("Description (English)"), NEW_TEXT)
    visitor.press_button(page.get_by_role("button", name="Send for review"))
    assert local_url(page) == "/en/my/"
    change = ChangeRequest.objects.get(service=service, state=ChangeRequest.State.PENDING)
    assert set(change.proposed) == {"description_en"}

    # ...and confirm that everything else is still correct.
    visitor.press_button(page.get_by_role("button", name="Everything is still correct"))
    assert local_url(page) == "/en/my/"
    snap(visitor, "3-editor-dashboard")

    # Visitors still see the approved text.
    assert OLD_TEXT in public_description()

    # A coordinator logs in to the back office and accepts the change from the review queue.
    coordinator = Visitor(
        new_page("desktop", locale="en-GB", **KEYBOARD), keyboard=visitor.keyboard
    )
    admin = coordinator.page
    coordinator.open("/admin/login/?next=/admin/")
    coordinator.fill(admin.get_by_label("E-mail address"), "coordinator@example.org")
    coordinator.fill(admin.get_by_label("Password"), PASSWORD)
    coordinator.press_button(admin.get_by_role("button", name="Log in"))
    assert local_url(admin) == "/admin/"
    coordinator.follow(admin.get_by_role("link", name="Coordinators' dashboard"))
    coordinator.follow(admin.get_by_role("link", name="Open the review queue"))
    coordinator.follow(admin.locator("#result_list").get_by_role("link", name=service.name_en))
    assert urlsplit(admin.url).path == f"/admin/members/changerequest/{change.pk}/change/"
    assert NEW_TEXT in admin.locator(".review-new").inner_text()
    snap(coordinator, "3-coordinator-review")
    coordinator.press_button(admin.get_by_role("button", name="Accept everything"))
    change.refresh_from_db()
    assert change.state == ChangeRequest.State.REVIEWED

    # Now, and only now, the public page shows the new text.
    description = public_description()
    assert NEW_TEXT in description and OLD_TEXT not in description
