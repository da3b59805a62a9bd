"""Editors and coordinators keeping the directory right, in Chromium:

- an editor adds a location (sent for review) and fills the week's hours with "copy Monday to
  all weekdays", with JavaScript and without it;
- a coordinator forwards a visitor's report to the organisation's editor, who answers it on
  "My organisations"; the coordinator reads the answer and closes the report;
- the review queue fits 1280 px without hiding a column;
- axe finds nothing on the new and changed pages, in Greek and English.

Set EDITOR_SCREENSHOTS=/some/folder to keep screenshots of each page, in both languages.
"""

import os
from pathlib import Path

import pytest

from accmr.models import User
from members.models import ChangeRequest, ProblemReport
from tests import factories
from tests.browser.conftest import VIEWPORTS
from tests.browser.helpers import axe_violations, describe_violations, goto, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
SHOTS = os.environ.get("EDITOR_SCREENSHOTS", "")


def snap(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, describe_violations(violations)


def admin_login(page) -> None:
    goto(page, "/admin/login/?next=/admin/")
    page.locator("#login-form input[name=username]").fill("coordinator@example.org")
    page.locator("#login-form input[name=password]").fill(PASSWORD)
    with page.expect_navigation(wait_until="load"):
        page.locator("#login-form [type=submit]").click()
    assert "/admin/login/" not in page.url, page.locator("#content").inner_text()


@pytest.fixture
def world(settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    settings.COORDINATORS_EMAIL = ["coordinators@example.org"]
    org = factories.make_organisation(
        name="Παράδειγμα: Κέντρο στήριξης", name_en="Example: Support centre", slug="example"
    )
    service = factories.make_service(
        organisation=org,
        name="Μαθήματα ελληνικών",
        name_en="Greek lessons",
        description_el="Δωρεάν μαθήματα για ενήλικες.",
        slug="greek-lessons",
    )
    factories.add_hours(service, 0, "09:00", "13:00")
    factories.add_hours(service, 0, "15:00", "18:00")
    factories.make_location(organisation=org)
    editor = factories.make_editor(org, email="editor@example.org", password=PASSWORD)
    coordinator = User.objects.create_superuser(
        email="coordinator@example.org", password=PASSWORD, full_name="Συντονίστρια"
    )
    report = ProblemReport.objects.create(
        organisation=org,
        service=service,
        message="Το τηλέφωνο δεν απαντά τα απογεύματα.",
        contact_email="visitor@example.net",
    )
    return {
        "org": org,
        "service": service,
        "editor": editor,
        "coordinator": coordinator,
        "report": report,
    }


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_an_editor_adds_a_location_and_copies_monday_to_the_weekdays(new_page, world, javascript):
    page = new_page("desktop", java_script_enabled=javascript)
    login(page, "el", "editor@example.org", PASSWORD)
    goto(page, "/el/my/")
    page.get_by_role("link", name="Προσθήκη σημείου εξυπηρέτησης").click()
    page.wait_for_load_state("load")
    page.get_by_label("Διεύθυνση (Ελληνικά)").fill("Σόλωνος 101")
    page.get_by_label("Διεύθυνση (Αγγλικά)").fill("101 Solonos Street")
    page.locator("#id_postcode").fill("10678")
    page.get_by_label("Δημοτική κοινότητα της Αθήνας").select_option("1")
    page.get_by_label("Πρόσβαση χωρίς σκαλιά").check()
    page.get_by_role("button", name="Αποστολή για έλεγχο").click()
    page.wait_for_load_state("load")
    assert "στάλθηκε για έλεγχο" in page.locator("main").inner_text()
    assert "Νέο σημείο εξυπηρέτησης: Σόλωνος 101" in page.locator("main").inner_text()
    change = ChangeRequest.objects.get(creates_location=True)
    assert change.proposed["address_el"] == "Σόλωνος 101" and change.proposed["step_free"]

    # The hours: Monday has two periods; copy it to Tuesday–Friday, then send.
    page.locator(f'a[href="/el/my/services/{world["service"].pk}/hours/"]').click()
    page.wait_for_load_state("load")
    assert page.locator("table.week-hours__table tbody th[scope=row]").count() >= 7
    page.get_by_role("button", name="Αντιγραφή της Δευτέρας σε όλες τις καθημερινές").click()
    page.wait_for_load_state("load")
    for day in (1, 2, 3, 4):
        assert page.locator(f"#id_d{day}-open").is_checked()
        assert page.locator(f"#id_d{day}-opens-1").input_value() == "09:00"
        assert page.locator(f"#id_d{day}-closes-2").input_value() == "18:00"
    assert not page.locator("#id_d5-open").is_checked()
    assert not ChangeRequest.objects.filter(proposed__has_key="schedules").exists()
    page.get_by_role("button", name="Αποστολή για έλεγχο").click()
    page.wait_for_load_state("load")
    schedules = ChangeRequest.objects.get(proposed__has_key="schedules").proposed["schedules"]
    assert len(schedules) == 10 and {row[0] for row in schedules} == {0, 1, 2, 3, 4}
    assert "Ωράριο" in page.locator("main").inner_text()


def test_a_coordinator_forwards_a_report_and_the_editor_answers_it(new_page, world):
    report = world["report"]
    admin = new_page("desktop", locale="el-GR")
    admin_login(admin)
    goto(admin, "/admin/dashboard/")
    assert "Ανοιχτές αναφορές ανά ηλικία" in admin.content()
    goto(admin, f"/admin/members/problemreport/{report.pk}/change/")
    admin.get_by_label("Ανατέθηκε σε").select_option(str(world["coordinator"].pk))
    admin.get_by_label("Προώθηση στους συντάκτες του φορέα").check()
    admin.locator("input[name=_continue]").click()
    admin.wait_for_load_state("load")
    assert "Προωθήθηκε στον συντάκτη του φορέα." in admin.locator(".messagelist").inner_text()

    editor = new_page("phone")
    login(editor, "el", "editor@example.org", PASSWORD)
    goto(editor, "/el/my/")
    card = editor.locator(f"#report-{report.pk}")
    assert "Το τηλέφωνο δεν απαντά τα απογεύματα." in card.inner_text()
    snap(editor, "report-forwarded-el-phone")
    card.get_by_label("Η απάντησή σας").fill("Διορθώσαμε το τηλέφωνο: 210 1112223.")
    card.get_by_role("button", name="Αποστολή της απάντησης").click()
    editor.wait_for_load_state("load")
    assert "στάλθηκε στους συντονιστές" in editor.locator("main").inner_text()

    goto(admin, f"/admin/members/problemreport/{report.pk}/change/")
    assert "Διορθώσαμε το τηλέφωνο: 210 1112223." in admin.locator("#content").inner_text()
    admin.get_by_label("Απάντηση στον επισκέπτη με e-mail").fill("Ευχαριστούμε, διορθώθηκε.")
    admin.get_by_label("Κλείσιμο της αναφοράς").check()
    admin.get_by_label("Σημείωμα κλεισίματος").fill("Νέο τηλέφωνο από τον φορέα.")
    admin.locator("input[name=_continue]").click()
    admin.wait_for_load_state("load")
    report.refresh_from_db()
    assert report.resolved and report.reply and report.contact_email == ""
    snap(admin, "report-closed-admin-el")


def test_the_review_queue_fits_1280_pixels_without_hiding_columns(new_page, world):
    org, service, editor = world["org"], world["service"], world["editor"]
    for n in range(8):
        ChangeRequest.objects.create(
            organisation=org,
            service=service if n % 2 else None,
            submitted_by=editor,
            proposed={"phone": "+302101234567", "description_en": "A longer text " * 3},
            previous={"phone": ""},
            state=ChangeRequest.State.PENDING if n < 5 else ChangeRequest.State.REVIEWED,
            decisions={} if n < 5 else {"phone": {"decision": "accepted", "comment": ""}},
        )
    for lang in ("el", "en"):
        page = new_page("desktop", locale="el-GR" if lang == "el" else "en-GB")
        admin_login(page)
        goto(page, "/admin/members/changerequest/?state=all")
        assert page.locator("html").get_attribute("lang") == lang
        sizes = page.evaluate(
            """() => ({
                page: document.documentElement.scrollWidth,
                viewport: window.innerWidth,
                table: document.querySelector('#result_list').getBoundingClientRect().right,
                results: document.querySelector('.results').getBoundingClientRect().right,
                scrolls: document.querySelector('.results').scrollWidth
                    > document.querySelector('.results').clientWidth,
                columns: document.querySelectorAll('#result_list thead th').length,
                hidden: [...document.querySelectorAll('#result_list thead th')]
                    .filter(th => th.getBoundingClientRect().width < 2).length,
            })"""
        )
        snap(page, f"review-queue-1280-{lang}")
        assert sizes["page"] <= sizes["viewport"], sizes
        assert sizes["table"] <= sizes["results"] <= sizes["viewport"], sizes
        assert not sizes["scrolls"], sizes
        assert sizes["columns"] >= 10 and sizes["hidden"] == 0, sizes


@pytest.mark.parametrize("lang", ["el", "en"])
def test_axe_finds_nothing_on_the_editors_new_pages(new_page, world, lang):
    org, service = world["org"], world["service"]
    world["report"].forwarded_at = world["report"].created_at
    world["report"].save()
    location = org.locations.get()
    page = new_page("desktop")
    login(page, lang, "editor@example.org", PASSWORD)
    pages = {
        "dashboard": f"/{lang}/my/",
        "location-new": f"/{lang}/my/organisations/{org.pk}/locations/new/",
        "location-edit": f"/{lang}/my/locations/{location.pk}/",
        "hours": f"/{lang}/my/services/{service.pk}/hours/",
    }
    for name, url in pages.items():
        goto(page, url)
        no_axe_violations(page)
        snap(page, f"{name}-{lang}-desktop")
    # The pages with their errors shown, and the hours on a phone.
    goto(page, pages["hours"])
    page.locator("#id_d2-open").check()
    page.locator("button.btn-primary[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#error-summary").is_visible()
    no_axe_violations(page)
    snap(page, f"hours-errors-{lang}")
    goto(page, pages["location-new"])
    page.locator("#id_postcode").fill("12")
    page.locator("button.btn-primary[type=submit]").click()
    page.wait_for_load_state("load")
    no_axe_violations(page)
    # The same editor on a phone: the pages loaded at phone width (no second log-in).
    page.set_viewport_size(VIEWPORTS["phone"])
    goto(page, pages["hours"])
    no_axe_violations(page)
    snap(page, f"hours-{lang}-phone")
    goto(page, pages["dashboard"])
    no_axe_violations(page)
    snap(page, f"dashboard-{lang}-phone")
