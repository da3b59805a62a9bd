"""A frontline worker on a phone finds a free Arabic-language activity this week and adds it
to a calendar: the list's filters, the activity page, the .ics download (parsed back), with the
pointer and with the keyboard only. And axe on the editors' activity pages, in both languages.
"""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from bulletin.models import Activity
from tests import factories
from tests.browser.actors import Visitor
from tests.browser.conftest import VIEWPORTS
from tests.browser.helpers import axe_violations, describe_violations, goto, local_url, login

pytestmark = pytest.mark.browser

KEYBOARD = {"reduced_motion": "reduce"}
PASSWORD = "correct horse battery"


@pytest.fixture(params=["pointer", "keyboard"])
def visitor(request, new_page):
    keyboard = request.param == "keyboard"
    return Visitor(new_page("phone", accept_downloads=True, **KEYBOARD), keyboard=keyboard)


def _activities_to_find() -> Activity:
    """The activity to find (under way today, so "this week" holds whatever the day), and near
    misses that each filter must drop."""
    arabic = factories.make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    greek = factories.make_language()
    organisation = factories.make_organisation(
        name="Παράδειγμα: Κέντρο κοινότητας", name_en="Example: Community centre"
    )
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time(0, 5)))
    end = timezone.make_aware(dt.datetime.combine(today, dt.time(23, 59)))

    def activity(title_el, title_en, *, languages, starts_at=start, **kw):
        made = factories.make_activity(
            title=title_el,
            title_en=title_en,
            organisation=organisation,
            starts_at=starts_at,
            ends_at=starts_at + (end - start),
            **kw,
        )
        made.languages.add(*languages)
        return made

    wanted = activity("Ανοιχτή ημέρα στα αραβικά", "Open day in Arabic", languages=[arabic])
    activity("Εργαστήρι με χρέωση", "Paid workshop", languages=[arabic], is_free=False)
    activity("Ανοιχτή ημέρα στα ελληνικά", "Open day in Greek", languages=[greek])
    activity(
        "Την άλλη εβδομάδα",
        "Next week in Arabic",
        languages=[arabic],
        starts_at=start + dt.timedelta(days=8),
    )
    return wanted


def test_frontline_worker_finds_a_free_arabic_activity_this_week_and_adds_it_to_a_calendar(
    visitor, tmp_path
):
    wanted = _activities_to_find()
    page = visitor.page
    visitor.open("/en/")
    visitor.open_menu()
    visitor.follow(page.locator('nav.site-nav a[href="/en/activities/"]'))
    assert local_url(page) == "/en/activities/"

    filters = page.get_by_role("search", name="Find activities")
    # With no search yet, the filter panel is open.
    visitor.choose_option(filters.get_by_label("When", exact=True), "This week")
    visitor.choose_option(filters.get_by_label("Language", exact=True), "Arabic")
    visitor.toggle(filters.get_by_label("Free of charge only"))
    visitor.press_button(filters.get_by_role("button", name="Show results"))
    assert local_url(page).startswith("/en/activities/?")
    results = page.locator(".directory-results > li")
    assert results.count() == 1, results.all_inner_texts()

    visitor.follow(results.get_by_role("link", name="Open day in Arabic"))
    assert local_url(page) == f"/en/activities/{wanted.pk}/"
    assert page.get_by_role("heading", level=1).inner_text() == "Open day in Arabic"

    with page.expect_download() as download_info:
        link = page.get_by_role("link", name="Add to my calendar")
        if visitor.keyboard:
            visitor.tab_to(link)
            page.keyboard.press("Enter")
        else:
            link.click()
    download = download_info.value
    assert download.suggested_filename == f"activity-{wanted.pk}.ics"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Open day in Arabic"
    assert event["DTSTART"].params["TZID"] == "Europe/Athens"
    start = event.decoded("DTSTART")
    assert (start.date(), start.hour, start.minute) == (timezone.localdate(), 0, 5)
    assert start.utcoffset() == timezone.localtime(wanted.starts_at).utcoffset()
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Athens"]


@pytest.mark.parametrize("lang", ["el", "en"])
def test_editors_activity_pages_have_no_accessibility_violations(new_page, lang):
    organisation = factories.make_organisation(name="Οργάνωση", name_en="Organisation")
    factories.make_location(organisation=organisation)
    factories.make_activity(organisation=organisation, title="Δράση", title_en="Activity")
    factories.make_editor(organisation, email="editor@example.org", password=PASSWORD)
    page = new_page("phone")
    login(page, lang, "editor@example.org", PASSWORD)
    reports = []
    for url in (
        f"/{lang}/my/activities/",
        f"/{lang}/my/organisations/{organisation.pk}/activities/new/",
    ):
        goto(page, url)
        for name, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            violations = axe_violations(page)
            if violations:
                reports.append(f"{url} at {name}:\n" + describe_violations(violations))
    # The refused form, with its messages.
    page.locator("main form button.btn-primary").click()
    page.wait_for_load_state("load")
    violations = axe_violations(page)
    if violations:
        reports.append("refused form:\n" + describe_violations(violations))
    assert not reports, "\n".join(reports)
