"""The Greek back office has no English left in it: every list, add, change and history page a
coordinator opens (and the review, the dashboard and the stock Django pages) is scanned for
interface text in Latin letters, visible or read aloud (titles, labels, placeholders).

The records are Greek only, so any English word is interface text. A few words are names,
not English (ACCMR, CSV, e-mail addresses...): see ALLOWED.
"""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.utils import timezone

from members.models import ChangeRequest, ProblemReport
from tests.factories import (
    add_closure,
    add_hours,
    make_coordinator,
    make_editor,
    make_location,
    make_practice,
    make_service,
)

pytestmark = pytest.mark.django_db

# Names and codes that are the same in Greek text.
ALLOWED = {
    "ACCMR",
    "CSV",
    "XLSX",
    "JSON",
    "NDJSON",
    "HSDS",
    "URL",
    "QR",
    "OTP",
    "PDF",
    "ID",
    "UUID",
    "ISO",
    "GEMI",
    "Facebook",
    "Instagram",
    "LinkedIn",
    "X",
    "Twitter",
    "OpenStreetMap",
    "WhatsApp",
    "SMS",
    "IOM",
    "UNHCR",
    "Google",
    "Authenticator",
    "Django",
    "WGS",  # WGS84, the coordinate system
    "MB",
    "e-mail",
    "E-mail",
    "slug",
    "English",  # the language switcher names each language in itself
    "Control",  # keys of the keyboard, as printed on them
    "Command",
    "Mac",
    "LDAP",
}
# Attributes whose text is shown or read aloud.
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "value"}
SKIP_ELEMENTS = {"script", "style", "svg", "code", "pre"}
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


class TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_ELEMENTS:
            self.skip += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if not value or name not in READ_ATTRIBUTES:
                continue
            # Only the labels of buttons are text; other inputs' values are data.
            if name == "value" and not (
                tag == "input" and attributes.get("type") in ("submit", "button")
            ):
                continue
            self.texts.append(value)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in SKIP_ELEMENTS:
            self.skip -= 1

    def handle_endtag(self, tag):
        if tag in SKIP_ELEMENTS and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(data.strip())


def english_in(html: str) -> list[str]:
    collector = TextCollector()
    collector.feed(html)
    found = []
    for text in collector.texts:
        if re.fullmatch(r"[a-z0-9-]+", text):
            continue  # a record's key (slug, code): data, not interface
        # Addresses, paths, file names and modeltranslation's language tags ("Όνομα [el]").
        text = re.sub(
            r"\S+@\S+|https?://\S+|/\S*|\b[\w.-]+\.(?:js|css|svg|png)\b|\[(?:el|en)\]", " ", text
        )
        words = [w for w in WORD.findall(text) if w not in ALLOWED and len(w) > 1]
        if words:
            found.append(text)
    return found


def greek_records():
    service = make_service(
        name="Νομική βοήθεια", description_el="Δωρεάν.", slug="nomiki", phone="210 1234567"
    )
    organisation = service.organisation
    location = make_location(organisation=organisation)
    service.locations.add(location)
    add_hours(service, 0, "09:00", "13:00")
    add_closure(service, "2099-12-24")
    editor = make_editor(organisation, email="editor@example.org")
    change = ChangeRequest.objects.create(
        organisation=organisation,
        service=service,
        submitted_by=editor,
        proposed={"phone": "210 7654321"},
        previous={"phone": "210 1234567"},
    )
    report = ProblemReport.objects.create(organisation=organisation, message="Λάθος τηλέφωνο.")
    # A report followed up (forwarded, answered by the editors and to the visitor, closed)
    # and a proposed new location: their pages have fields of their own.
    followed = ProblemReport.objects.create(
        organisation=organisation,
        message="Κλειστό τον Αύγουστο;",
        contact_email="visitor@example.org",
        forwarded_at=timezone.now(),
        editor_answer="Διορθώθηκε.",
        editor_answered_by=editor,
        editor_answered_at=timezone.now(),
        reply="Ευχαριστούμε.",
        replied_at=timezone.now(),
    )
    closed = ProblemReport.objects.create(
        organisation=organisation, message="Άλλο.", resolved=True, closing_note="Έγινε."
    )
    new_location = ChangeRequest.objects.create(
        organisation=organisation,
        creates_location=True,
        submitted_by=editor,
        proposed={"address_el": "Σόλωνος 1", "postcode": "10671", "community": 1},
        previous={},
    )
    make_practice()
    return {
        "service": service,
        "organisation": organisation,
        "change": change,
        "report": report,
        "extra": [
            f"/admin/members/problemreport/{followed.pk}/change/",
            f"/admin/members/problemreport/{closed.pk}/change/",
            "/admin/members/problemreport/?resolved__exact=0&age=new",
            "/admin/members/problemreport/?forwarded=answered",
            f"/admin/members/changerequest/{new_location.pk}/change/",
            "/admin/dashboard/",
        ],
    }


def admin_pages(records) -> list[str]:
    pages = ["/admin/", "/admin/password_change/", *records.get("extra", [])]
    for model in admin.site._registry:
        opts = model._meta
        base = f"/admin/{opts.app_label}/{opts.model_name}/"
        pages.append(base)
        pages.append(base + "?q=x")  # a search with no result
        pages.append(base + "add/")
        row = model.objects.order_by("pk").first()
        if row is not None:
            pages += [f"{base}{row.pk}/change/", f"{base}{row.pk}/history/"]
    return pages


@pytest.fixture
def coordinator_client(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    client.force_login(make_coordinator(email="coordinator@example.org"))
    return client


def test_the_greek_admin_pages_have_no_english_left(coordinator_client):
    records = greek_records()
    problems = {}
    for url in admin_pages(records):
        response = coordinator_client.get(url, HTTP_ACCEPT_LANGUAGE="el")
        if response.status_code != 200:
            continue  # a coordinator may not open it (staff accounts, groups, devices)
        found = english_in(response.content.decode())
        if found:
            problems[url] = found
    report = "\n".join(f"{url}: {found}" for url, found in problems.items())
    assert not problems, "English in the Greek admin:\n" + report


def test_the_scan_finds_english_when_there_is_some():
    assert english_in('<p>Δοκιμή</p><button title="Select all">Όλα</button>') == ["Select all"]
    assert english_in("<p>Επικοινωνία: info@accmr.gr, ACCMR, CSV</p>") == []


def test_the_admin_offers_greek_and_english_only(coordinator_client):
    page = coordinator_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="el").content.decode()
    assert re.findall(r'name="language" value="(\w+)"', page) == ["el", "en"]


def test_a_superuser_sees_the_packages_apps_named_in_greek(client, settings, django_user_model):
    # A superuser also sees the log-in lock-outs, two-factor devices and background tasks of
    # the packages (axes, django-otp, django-tasks-db), which name their apps in English only.
    settings.OTP_REQUIRED_FOR_STAFF = False
    client.force_login(
        django_user_model.objects.create_superuser(email="root@example.org", password="x")
    )
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="el").content.decode()
    captions = re.findall(r"<caption>\s*<a[^>]*>([^<]*)</a>", page)
    assert "Κλειδώματα σύνδεσης" in captions and "Εργασίες παρασκηνίου" in captions
    assert [caption for caption in captions if english_in(f"<p>{caption}</p>")] == []
    assert "Απόπειρες σύνδεσης" in page and "Αποτελέσματα εργασιών" in page
