import re

import pytest

from members.models import ServiceStatus, Status
from tests.accmr.conftest import SITE_PAGES, links, switcher_links
from tests.factories import (
    make_call,
    make_category,
    make_municipality,
    make_organisation,
    make_publication,
    make_service,
)

pytestmark = pytest.mark.django_db

ALL_LANGUAGES = ("el", "en", "ar", "fa", "ur", "fr", "uk")


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize("page", SITE_PAGES)
def test_site_page_renders_in_its_language(client, lang, page):
    response = client.get(f"/{lang}/{page}")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert response["Content-Language"] == lang
    assert html.count("<h1") == 1
    assert "<main" in html and "<nav" in html and "<footer" in html


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize("page", SITE_PAGES)
def test_site_page_links_to_itself_in_both_languages_with_absolute_hreflang(client, lang, page):
    html = client.get(f"/{lang}/{page}").content.decode()

    assert links(html, "alternate") == {
        **{code: f"http://testserver/{code}/{page}" for code in ALL_LANGUAGES},
        "x-default": f"http://testserver/el/{page}",
    }
    assert f'<link rel="canonical" href="http://testserver/{lang}/{page}">' in html


@pytest.mark.parametrize("lang", ["el", "en"])
@pytest.mark.parametrize("page", SITE_PAGES)
def test_language_switcher_leads_to_the_same_page_in_the_other_languages(client, lang, page):
    html = client.get(f"/{lang}/{page}").content.decode()

    others = [code for code in ALL_LANGUAGES if code != lang]
    assert switcher_links(html) == {code: f"/{code}/{page}" for code in others}
    for code in others:
        assert client.get(f"/{code}/{page}").status_code == 200


def test_hreflang_uses_the_configured_site_url(client, settings):
    settings.SITE_URL = "https://portal.example.org"

    html = client.get("/en/about/").content.decode()

    assert links(html, "alternate")["el"] == "https://portal.example.org/el/about/"
    assert '<link rel="canonical" href="https://portal.example.org/en/about/">' in html


def test_greek_pages_are_in_greek_and_english_pages_in_english(client):
    el = client.get("/el/about/").content.decode()
    en = client.get("/en/about/").content.decode()

    assert "Σχετικά με το ACCMR" in el
    assert "About ACCMR" in en and "Σχετικά με το ACCMR" not in en


def test_about_page_tells_the_history_and_the_axes_of_action(client):
    html = client.get("/en/about/").content.decode()

    for fact in ["June 2017", "April 2020", "January 2018", "5 November 2018", "IOM", "UNHCR"]:
        assert fact in html
    for axis in [
        "Connecting members with municipal services",
        "Circulating information and data",
        "Advocating institutional change",
        "Coordinating the Cities Network for Integration",
    ]:
        assert f"<h3>{axis}</h3>" in html


@pytest.mark.parametrize("lang", ["el", "en"])
def test_contact_page_gives_address_phone_hours_and_a_map_link(client, lang):
    html = client.get(f"/{lang}/contact/").content.decode()

    assert 'href="tel:+302103638625"' in html
    assert "114 71" in html
    assert "09:00" in html and "17:00" in html
    assert 'href="https://www.openstreetmap.org/?mlat=37.9838&amp;mlon=23.7340' in html
    assert "<iframe" not in html


def test_contact_email_is_shown_only_when_configured(client, settings):
    assert "mailto:" not in client.get("/en/contact/").content.decode()

    settings.CONTACT_EMAIL = "portal@example.org"

    assert 'href="mailto:portal@example.org"' in client.get("/en/contact/").content.decode()


@pytest.mark.parametrize("lang", ["el", "en"])
def test_accessibility_statement_names_the_law_the_status_and_how_to_report(client, lang):
    html = client.get(f"/{lang}/accessibility/").content.decode()

    assert "4727/2020" in html and "2016/2102" in html
    assert "WCAG" in html
    assert 'href="tel:+302103638625"' in html
    assert "https://www.synigoros.gr/" in html
    assert 'datetime="2026-11-25"' in html


@pytest.mark.parametrize("lang", ["el", "en"])
def test_privacy_notice_covers_the_personal_data_the_portal_keeps(client, lang):
    html = client.get(f"/{lang}/privacy/").content.decode()

    assert "2016/679" in html and "www.dpa.gr" in html
    assert html.count("<h3>") >= 4  # organisations, editors, focal points, problem reports


def _numbers(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'class="stats__number">(\d+)<', html)]


@pytest.fixture
def _no_history(settings):
    # These tests are about counting, not about change history; without history the rows
    # are saved whatever the state of the history models.
    settings.SIMPLE_HISTORY_ENABLED = False


@pytest.mark.usefixtures("_no_history")
def test_home_counts_only_what_the_public_can_see(client):
    published = make_organisation()
    draft = make_organisation(status=Status.DRAFT)
    make_service(organisation=published)
    make_service(organisation=published, status=ServiceStatus.CLOSED)  # listed as closed
    make_service(organisation=published, status=ServiceStatus.DRAFT)
    make_service(organisation=published, status=ServiceStatus.RETIRED)
    make_service(organisation=draft)  # published service of an unpublished organisation
    make_municipality()
    make_municipality()
    make_municipality(status=Status.DRAFT)

    html = client.get("/en/").content.decode()

    assert _numbers(html) == [1, 2, 2]
    assert '<span class="stats__label">organisation in the directory</span>' in html  # singular
    assert '<span class="stats__label">services listed</span>' in html


@pytest.mark.usefixtures("_no_history")
def test_home_uses_six_queries_whatever_the_numbers(client, django_assert_max_num_queries):
    for _ in range(5):
        organisation = make_organisation()
        make_service(organisation=organisation)
        make_municipality()
        make_call(organisation=organisation)
        make_publication(publisher=organisation)

    # One query counts organisations, services and municipalities; "what's new": the
    # activities' times (none here; tests/bulletin count them with activities), the news,
    # the open calls closing soon (with their organisations) and the latest publications
    # (with their publishers); the categories of "Find a service for:".
    with django_assert_max_num_queries(6):
        response = client.get("/el/")

    assert _numbers(response.content.decode()) == [5, 5, 5]


@pytest.mark.parametrize("lang", ["el", "en"])
def test_home_leads_into_the_directory_and_the_network(client, lang):
    html = client.get(f"/{lang}/").content.decode()

    for href in [f"/{lang}/organisations/", f"/{lang}/services/", f"/{lang}/network/"]:
        assert f'href="{href}"' in html


@pytest.mark.parametrize("lang", ["el", "en"])
def test_every_link_in_the_header_and_footer_works(client, lang):
    html = client.get(f"/{lang}/about/").content.decode()
    chrome = html.split("<main", 1)[0] + html.split("</main>", 1)[1]
    hrefs = set(re.findall(r'href="(/[^"]*)"', chrome))
    hrefs = {h for h in hrefs if not h.startswith("/static/")}

    assert len(hrefs) >= 10
    for href in hrefs:
        assert client.get(href.replace("&amp;", "&")).status_code == 200, href


def test_header_search_box_sends_q_to_the_search_page(client):
    html = client.get("/en/").content.decode()

    assert '<form class="site-search" role="search" method="get" action="/en/search/">' in html
    assert 'name="q"' in html
    assert '<label class="visually-hidden" for="site-search-q">' in html


def test_pages_carry_no_inline_script_or_style_and_load_nothing_from_other_hosts(client):
    for page in SITE_PAGES:
        html = client.get(f"/en/{page}").content.decode()

        # Scripts only as files of ours (the pages' small enhancements), never inline.
        scripts = re.findall(r"<script\b([^>]*)>", html)
        assert all('src="/' in attributes for attributes in scripts), (page, scripts)
        assert "style=" not in html and "<style" not in html
        # Everything the browser loads (stylesheets, icons, images, scripts) comes from our origin;
        # only the hreflang/canonical <link>s, which load nothing, carry absolute addresses.
        loaded = re.findall(r"<(?:link|img|script|iframe|source)\b([^>]*)>", html)
        for attributes in loaded:
            if 'rel="alternate"' in attributes or 'rel="canonical"' in attributes:
                continue
            for url in re.findall(r'(?:href|src)="([^"]+)"', attributes):
                assert url.startswith("/") and not url.startswith("//"), (page, url)


@pytest.mark.parametrize("page", ["about/", "contact/", "accessibility/", "privacy/"])
def test_text_pages_need_no_database_query(client, django_assert_num_queries, page):
    with django_assert_num_queries(0):
        assert client.get(f"/el/{page}").status_code == 200


def test_help_page_tells_a_person_looking_for_help_what_to_expect(client):
    html = client.get("/en/help/").content.decode()

    assert "<h1>How to use this site</h1>" in html
    for fact in [
        "ACCMR does not provide these services itself",
        "free of charge unless their page says otherwise",
        "you may need an interpreter",
        "What to bring",
        "asylum seeker's card",
        'href="tel:112"',
    ]:
        assert fact.replace("'", "&#x27;") in html or fact in html, fact
    assert 'href="/en/services/"' in html and 'href="/en/contact/"' in html


@pytest.mark.parametrize("lang", ["el", "en"])
def test_home_page_and_footer_lead_to_the_help_page(client, lang):
    html = client.get(f"/{lang}/").content.decode()

    main, footer = html.split("<footer", 1)
    assert f'href="/{lang}/help/"' in main
    assert f'href="/{lang}/help/"' in footer


def test_help_page_is_in_greek_on_the_greek_site(client):
    html = client.get("/el/help/").content.decode()

    assert "Πώς να χρησιμοποιήσετε αυτόν τον ιστότοπο" in html
    assert "How to use this site" not in html


def test_accessibility_statement_says_who_translated_the_interface_and_where_to_report(client):
    html = client.get("/en/accessibility/").content.decode()

    assert "was translated by the portal team" in html
    assert '<a href="/en/contact/">report an error</a>' in html


@pytest.mark.parametrize(
    ("lang", "name"), [("fa", "کمک حقوقی"), ("uk", "Правова допомога"), ("el", "Νομική")]
)
def test_home_page_category_links_are_in_the_page_language(client, lang, name):
    category = make_category(slug="legal", name="Νομική", name_en="Legal aid")
    category.other_names = {"fa": "کمک حقوقی", "uk": "Правова допомога"}
    category.save()

    html = client.get(f"/{lang}/").content.decode()

    assert f'?category=legal">{name}</a>' in html
