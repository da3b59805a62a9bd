"""Handing a service or an organisation to a client: the share block and the print view."""

import base64
import datetime as dt
import html
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from members.models import ServiceStatus
from tests.factories import add_hours, make_location, make_organisation, make_service

pytestmark = pytest.mark.django_db

FRIDAY_NOON = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)


def _links(page: str, prefix: str) -> list[str]:
    links = []
    for chunk in page.split('href="')[1:]:
        href = html.unescape(chunk.split('"', 1)[0])
        if href.startswith(prefix):
            links.append(href)
    return links


@pytest.fixture
def service():
    organisation = make_organisation(
        name="Ένωση Βοήθειας", name_en="Help Union", slug="help-union", phone="210 1111111"
    )
    service = make_service(
        name="Νομική βοήθεια",
        name_en="Legal aid",
        slug="legal-aid",
        organisation=organisation,
        access_walk_in=True,
        how_to_access_el="Φέρτε την κάρτα αιτούντος.",
        how_to_access_en="Bring your asylum card.",
    )
    service.locations.add(make_location(organisation=organisation, address_el="Σόλωνος 10"))
    add_hours(service, 0, "09:00", "15:00")
    add_hours(service, 4, "09:00", "13:00")
    return service


@pytest.mark.parametrize("lang", ["el", "en"])
def test_service_page_offers_address_qr_code_and_send_links(client, service, lang):
    page = client.get(f"/{lang}/services/legal-aid/").content.decode()
    url = f"http://testserver/{lang}/services/legal-aid/"
    assert f'value="{url}"' in page  # selectable without JavaScript
    [sms] = _links(page, "sms:")
    title = "Νομική βοήθεια" if lang == "el" else "Legal aid"
    assert parse_qs(urlsplit(sms).query)["body"] == [f"{title}\n{url}"]
    [mail] = _links(page, "mailto:?")
    assert parse_qs(urlsplit(mail).query)["body"] == [url]
    [whatsapp] = _links(page, "https://wa.me/")
    assert url in parse_qs(urlsplit(whatsapp).query)["text"][0]
    assert f'href="/{lang}/services/legal-aid/print/"' in page
    # The QR code is drawn here, as an SVG in the page: no request to another host.
    start = page.index('class="share-page__qr" src="data:image/svg+xml;base64,')
    encoded = page[start:].split("base64,", 1)[1].split('"', 1)[0]
    assert base64.b64decode(encoded).startswith(b"<svg")
    assert "share.js" in page


def test_organisation_page_has_the_share_block_too(client, service):
    page = client.get("/en/organisations/help-union/").content.decode()
    assert 'value="http://testserver/en/organisations/help-union/"' in page
    assert _links(page, "sms:") and _links(page, "mailto:?") and _links(page, "https://wa.me/")
    assert "data:image/svg+xml;base64," in page


def test_qr_code_encodes_the_page_address_not_the_query_string(client, service):
    page = client.get("/en/services/legal-aid/?utm=x").content.decode()
    assert 'value="http://testserver/en/services/legal-aid/"' in page


@time_machine.travel(FRIDAY_NOON, tick=False)
@pytest.mark.parametrize(
    ("lang", "printed", "monday"),
    [
        ("el", "Τυπώθηκε στις 04/12/2026", "Δευτέρα"),
        ("en", "Printed on 4 December 2026", "Monday"),
    ],
)
def test_print_view_shows_weekly_hours_and_date_never_open_now(
    client, service, lang, printed, monday
):
    response = client.get(f"/{lang}/services/legal-aid/print/")
    assert response.status_code == 200
    page = response.content.decode()
    assert printed in page
    assert monday in page and "09:00–15:00" in page and "09:00–13:00" in page
    assert "Σόλωνος 10" in page
    # The organisation's phone (the service has none), stored in E.164 and shown in the
    # national format (accmr/lib/phones.py).
    assert '<a href="tel:+302101111111">21 0111 1111</a>' in page
    assert ("Φέρτε την κάρτα" if lang == "el" else "Bring your asylum card") in page
    for now_words in (
        "Open now",
        "Closed now",
        "Ανοιχτό τώρα",
        "Κλειστό τώρα",
        "(today)",
        "(σήμερα)",
    ):
        assert now_words not in page
    assert '<meta name="robots" content="noindex">' in page


@time_machine.travel(FRIDAY_NOON, tick=False)
def test_printing_the_service_page_hides_open_now_and_shows_the_date(client, service):
    page = client.get("/en/services/legal-aid/").content.decode()
    assert 'class="opening-now no-print"' in page
    assert '<p class="print-only">Printed on 4 December 2026' in page


def test_print_view_of_a_draft_or_unknown_service_is_404(client, service):
    service.status = ServiceStatus.DRAFT
    service.save()
    assert client.get("/en/services/legal-aid/print/").status_code == 404
    assert client.get("/en/services/nothing/print/").status_code == 404


def test_print_view_refuses_post(client, service):
    assert client.post("/en/services/legal-aid/print/").status_code == 405


def test_print_view_reads_few_queries(client, service, django_assert_max_num_queries):
    # The service with provider, type and categories; schedules, coming closures, locations,
    # languages, population groups.
    with django_assert_max_num_queries(6):
        assert client.get("/en/services/legal-aid/print/").status_code == 200
