"""Open calls in a real browser: an editor posts an offer of interpreters, a coordinator
approves it in the back office, another member answers it and the poster reads the answer.
And axe on every new page for logged-in people (the public ones are in tests/pages.py), in
both languages, at phone and desktop width.

Set JOURNEY_SCREENSHOTS=/some/folder to keep a screenshot of each key step.
"""

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from django.core import mail, signing
from django.utils import timezone

from bulletin.calls_forms import AnswerForm
from bulletin.models import CallAnswer, OpenCall, OrganisationMembersInfo
from tests import factories
from tests.browser.actors import Visitor
from tests.browser.conftest import VIEWPORTS
from tests.browser.helpers import (
    axe_violations,
    describe_violations,
    form_error_problems,
    goto,
    local_url,
    login,
)

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"
SCREENSHOTS = os.environ.get("JOURNEY_SCREENSHOTS", "")


def snap(page, step: str) -> None:
    if SCREENSHOTS:
        folder = Path(SCREENSHOTS)
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / f"calls-{step}.png"), full_page=True)


def _backdate_answer_form(page, call, seconds: int = 10) -> None:
    """Sign the form's start time `seconds` earlier instead of waiting out the 3 s guard."""
    token = signing.dumps({"o": call.pk, "t": int(time.time()) - seconds}, salt=AnswerForm.SALT)
    page.locator("input[name=started]").evaluate("(el, token) => { el.value = token; }", token)


@pytest.fixture
def members():
    poster_org = factories.make_organisation(
        name="Παράδειγμα: Κέντρο διερμηνείας",
        name_en="Example: Interpreting centre",
        slug="example-interpreting-centre",
        is_member=True,
    )
    answering_org = factories.make_organisation(
        name="Παράδειγμα: Ιατρείο", name_en="Example: Clinic", slug="example-clinic", is_member=True
    )
    poster = factories.make_editor(poster_org, email="poster@example.org", password=PASSWORD)
    answerer = factories.make_editor(answering_org, email="answerer@example.org", password=PASSWORD)
    factories.make_coordinator(email="coordinator@example.org", password=PASSWORD)
    return poster, answerer


@pytest.mark.parametrize("how", ["pointer", "keyboard"])
def test_an_offer_of_interpreters_is_posted_approved_answered_and_read(
    new_page, members, settings, how
):
    settings.PAGE_CACHE = True
    settings.COORDINATORS_EMAIL = ["coordinators@example.org"]
    keyboard = how == "keyboard"
    poster, answerer = members
    editor = Visitor(new_page("phone", reduced_motion="reduce"), keyboard=keyboard)
    page = editor.page

    # The editor logs in and posts an offer of interpreters from their calls page.
    login(page, "en", poster.email, PASSWORD)
    editor.open("/en/my/calls/")
    editor.follow(page.get_by_role("link", name="Post a call"))
    if keyboard:  # a radio group is one Tab stop; the arrow keys choose within it
        editor.tab_to(page.get_by_label("Request: we need"))
        page.keyboard.press("ArrowDown")
    else:
        page.get_by_label("Offer: we can give").check()
    assert page.get_by_label("Offer: we can give").is_checked()
    editor.choose_option(page.get_by_label("Kind of support"), "Interpreters")
    editor.fill(page.get_by_label("Title in English"), "Arabic and Farsi interpreters")
    editor.fill(
        page.get_by_label("Description in English"),
        "Two interpreters can join your appointments on Tuesdays.",
    )
    # Sent without a closing date: refused, with the error next to the field and summarised.
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        editor.press_button(page.get_by_role("button", name="Post the call"))
    assert answer.value.status == 400
    assert form_error_problems(page) == []
    closes = timezone.localdate() + dt.timedelta(days=30)
    page.get_by_label("Closing date").fill(closes.isoformat())
    editor.press_button(page.get_by_role("button", name="Post the call"))
    assert local_url(page) == "/en/my/calls/"
    assert (
        "sent for review"
        in page.get_by_role("alert").or_(page.locator(".alert")).first.inner_text()
    )
    call = OpenCall.objects.get()
    assert call.state == OpenCall.State.PENDING and call.kind == "interpreters"
    snap(page, f"1-posted-{how}")

    # Not public yet.
    public = new_page("phone")
    assert "Arabic and Farsi" not in goto(public, "/en/calls/").text()

    # A coordinator publishes it from the back office.
    coordinator = Visitor(new_page("desktop", locale="en-GB"), keyboard=False)
    admin = coordinator.page
    coordinator.open("/admin/login/?next=/admin/")
    coordinator.fill(admin.get_by_label("E-mail address"), "coordinator@example.org")
    coordinator.fill(admin.get_by_label("Password"), PASSWORD)
    coordinator.press_button(admin.get_by_role("button", name="Log in"))
    coordinator.follow(admin.get_by_role("link", name="Coordinators' dashboard"))
    coordinator.follow(admin.get_by_role("link", name="1 open call waits for review"))
    admin.locator("#result_list input[name=_selected_action]").first.check()
    admin.locator("select[name=action]").select_option("publish")
    coordinator.press_button(admin.locator("button[name=index]"))
    assert "1 call published." in admin.locator(".messagelist").inner_text()
    call.refresh_from_db()
    assert call.state == OpenCall.State.OPEN

    # Visitors see it now (the approval made the cached list stale).
    assert "Arabic and Farsi" in goto(public, "/en/calls/").text()

    # Another member answers it.
    other = Visitor(new_page("phone", reduced_motion="reduce"), keyboard=keyboard)
    other_page = other.page
    login(other_page, "el", answerer.email, PASSWORD)
    other.open("/en/calls/")
    other.follow(other_page.get_by_role("link", name="Arabic and Farsi interpreters"))
    other.follow(other_page.get_by_role("link", name="Answer this call"))
    other.fill(other_page.get_by_label("Your name"), "Maria Answerer")
    other.fill(other_page.get_by_label("Your organisation"), "Example: Clinic")
    other.fill(other_page.get_by_label("Your e-mail"), "maria@clinic.example")
    other.fill(other_page.get_by_label("Your message"), "We need an Arabic interpreter on 14 May.")
    _backdate_answer_form(other_page, call)
    other.press_button(other_page.get_by_role("button", name="Send the answer"))
    assert local_url(other_page) == f"/en/calls/{call.pk}/"
    assert CallAnswer.objects.filter(call=call).count() == 1
    snap(other_page, f"2-answered-{how}")
    notice = next(m for m in mail.outbox if m.to == [poster.email] and "answer" in m.subject)
    assert notice.reply_to == ["maria@clinic.example"]

    # The poster reads it on their calls page.
    editor.open("/en/my/calls/")
    main = page.locator("main").inner_text()
    assert "Maria Answerer" in main and "We need an Arabic interpreter on 14 May." in main
    snap(page, f"3-poster-reads-{how}")


LOGGED_IN_PAGES = (
    "my/calls/",
    "my/organisations/{org}/calls/new/",
    "my/calls/{call}/close/",
    "my/organisations/{org}/publications/new/",
    "my/organisations/{org}/for-members/",
    "my/services/{service}/for-members/",
    "my/members/",
    "my/members/directory/",
    "my/digest/",
    "calls/{members_call}/",
    "calls/{call}/answer/",
)


@pytest.mark.parametrize("lang", ["el", "en"])
def test_the_new_pages_for_members_have_no_accessibility_violations(new_page, members, lang):
    poster, _answerer = members
    organisation = poster.editor_memberships.get().organisation
    service = factories.make_service(organisation=organisation, name_en="Interpreting")
    call = factories.make_call(organisation=organisation, title_en="Interpreters")
    members_call = factories.make_call(
        organisation=organisation, title_el="Μόνο για μέλη", visibility="members"
    )
    OrganisationMembersInfo.objects.create(
        organisation=organisation, contact_person="Νίκη", referral_phone="+30 210 000 0000"
    )
    from bulletin.models import CallAnswer

    CallAnswer.objects.create(call=call, name="A", email="a@example.net", message="Hello")
    page = new_page("phone")
    login(page, lang, poster.email, PASSWORD)
    reports = []
    for template in LOGGED_IN_PAGES:
        path = template.format(
            org=organisation.pk, call=call.pk, service=service.pk, members_call=members_call.pk
        )
        goto(page, f"/{lang}/{path}")
        for name, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            violations = axe_violations(page)
            if violations:
                reports.append(f"{path} at {name}:\n" + describe_violations(violations))
            if SCREENSHOTS:
                snap(page, f"axe-{lang}-{name}-{path.replace('/', '_')}")
    # The organisation page with the members-only block, and the unsubscribe page.
    from bulletin.digest import unsubscribe_token

    for path in (
        organisation.get_absolute_url(),
        f"/{lang}/account/digest/unsubscribe/{unsubscribe_token(poster)}/",
    ):
        goto(page, path)
        for name, size in VIEWPORTS.items():
            page.set_viewport_size(size)
            violations = axe_violations(page)
            if violations:
                reports.append(f"{path} at {name}:\n" + describe_violations(violations))
    assert not reports, "\n".join(reports)
