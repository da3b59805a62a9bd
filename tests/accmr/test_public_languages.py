"""The public site in Arabic, Farsi, Urdu, French and Ukrainian (issue 19); the member side,
the accounts and the admin in Greek and English only."""

import gzip
import re

import pytest
from django.utils import translation

from tests.factories import make_category, make_organisation, make_service

pytestmark = pytest.mark.django_db

PUBLIC_ONLY = ("ar", "fa", "ur", "fr", "uk")
RTL = ("ar", "fa", "ur")


def _html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


@pytest.mark.parametrize("lang", PUBLIC_ONLY)
def test_public_pages_answer_in_every_language(client, lang):
    for path in ("", "about/", "contact/", "accessibility/", "privacy/", "services/"):
        response = client.get(f"/{lang}/{path}")
        assert response.status_code == 200, path
        assert f'lang="{lang}"' in _html_tag(response.content.decode())


@pytest.mark.parametrize("lang", RTL)
def test_arabic_script_pages_are_right_to_left_with_the_rtl_stylesheets(client, lang):
    page = client.get(f"/{lang}/services/").content.decode()
    assert 'dir="rtl"' in _html_tag(page)
    assert "bootstrap.rtl.min.css" in page
    assert "css/rtl.css" in page  # the Arabic-script font comes with it
    assert "vendor/purged/bootstrap.min.css" not in page


@pytest.mark.parametrize("lang", ["el", "en", "fr", "uk"])
def test_other_pages_are_left_to_right_without_the_arabic_font(client, lang):
    page = client.get(f"/{lang}/services/").content.decode()
    assert "dir=" not in _html_tag(page)
    assert "bootstrap.rtl" not in page
    assert "css/rtl.css" not in page


def test_switcher_names_each_language_in_its_own_script_and_keeps_the_query(client):
    page = client.get("/fa/services/?q=law&page=1").content.decode()
    switcher = page.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    for name in ("Ελληνικά", "English", "العربية", "فارسی", "اردو", "Français", "Українська"):
        assert name in switcher
    assert 'href="/ar/services/?q=law&amp;page=1"' in switcher
    assert 'href="/el/services/?q=law&amp;page=1"' in switcher
    assert 'aria-current="true">فارسی' in switcher


def test_hreflang_lists_every_language_on_public_pages(client):
    page = client.get("/uk/about/").content.decode()
    for code in ("el", "en", "ar", "fa", "ur", "fr", "uk"):
        assert f'hreflang="{code}" href="http://testserver/{code}/about/"' in page
    assert 'hreflang="x-default" href="http://testserver/el/about/"' in page


@pytest.mark.parametrize("lang", PUBLIC_ONLY)
@pytest.mark.parametrize(
    "path",
    ["my/", "my/services/3/", "account/login/?next=%2Fen%2Fmy%2F", "account/invitation/abc/"],
)
def test_member_and_account_pages_redirect_to_english(client, lang, path):
    response = client.get(f"/{lang}/{path}")
    assert response.status_code == 302
    assert response["Location"] == f"/en/{path}"


def test_member_pages_redirect_to_greek_for_a_browser_that_prefers_greek(client):
    response = client.get("/fa/my/", HTTP_ACCEPT_LANGUAGE="fa, el;q=0.8, en;q=0.5")
    assert response["Location"] == "/el/my/"


def test_log_in_page_offers_only_greek_and_english(client):
    page = client.get("/en/account/login/").content.decode()
    assert 'hreflang="el"' in page
    assert 'hreflang="fa"' not in page
    assert "فارسی" not in page


def test_admin_asked_for_in_farsi_answers_in_english(client):
    client.cookies["django_language"] = "fa"
    page = client.get("/admin/login/").content.decode()
    assert 'lang="en"' in _html_tag(page)


def test_root_redirects_by_the_browsers_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9")["Location"] == "/fa/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="uk")["Location"] == "/uk/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de")["Location"] == "/el/"


def test_sitemap_lists_public_pages_in_every_language_and_no_member_page(client):
    make_service(slug="legal-help", name="Νομική", name_en="Legal")
    xml = client.get("/sitemap-services.xml").content.decode()
    for code in ("el", "en", "ar", "fa", "ur", "fr", "uk"):
        assert f"http://testserver/{code}/services/legal-help/" in xml
        assert f'hreflang="{code}"' in xml
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "/fa/about/" in pages
    assert "/my/" not in pages and "/account/" not in pages


@pytest.mark.parametrize("lang", PUBLIC_ONLY)
def test_content_shows_english_marked_with_its_language(client, lang):
    organisation = make_organisation(
        slug="both",
        name="Ελληνικό όνομα",
        name_en="English name",
        description_el="Ελληνική περιγραφή.",
        description_en="English description.",
    )
    make_service(slug="svc", name="Υπηρεσία", name_en="Service EN", organisation=organisation)
    page = client.get(f"/{lang}/organisations/both/").content.decode()
    # Left to right inside a right-to-left page.
    direction = ' dir="ltr"' if lang in RTL else ""
    assert f'<span lang="en"{direction}>English name</span>' in page
    assert f'<div lang="en"{direction}><p>English description.</p></div>' in page
    with translation.override(lang):
        assert translation.gettext("This description is in English.") in page
    assert "Ελληνικό όνομα" not in page and "Ελληνική περιγραφή" not in page


def test_content_without_english_shows_greek_never_empty(client):
    make_organisation(slug="greek", name="Μόνο ελληνικά", description_el="Μόνο ελληνική.")
    page = client.get("/fa/organisations/greek/").content.decode()
    assert '<span lang="el" dir="ltr">Μόνο ελληνικά</span>' in page
    assert '<div lang="el" dir="ltr"><p>Μόνο ελληνική.</p></div>' in page
    with translation.override("fa"):
        assert translation.gettext("This description is in Greek.") in page


@pytest.mark.parametrize("lang", ["ar", "fa", "ur", "fr", "uk"])
def test_services_list_in_every_language_gives_the_same_results_as_in_greek(client, lang):
    legal = make_category(slug="legal-aid", name="Νομική βοήθεια", name_en="Legal aid")
    other = make_category(slug="health", name="Υγεία", name_en="Health")
    for n in range(3):
        make_service(slug=f"legal-{n}", name=f"Νομική {n}", category=legal)
    make_service(slug="doctor", name="Γιατρός", category=other)

    def slugs(lang, query):
        page = client.get(f"/{lang}/services/{query}").content.decode()
        return re.findall(rf'href="/{lang}/services/([\w-]+)/"', page)

    for query in ("", "?category=legal-aid", "?q=nomiki"):
        assert slugs(lang, query) == slugs("el", query), query
    assert len(slugs(lang, "?category=legal-aid")) == 3


def test_a_string_missing_from_a_public_only_catalogue_shows_in_english_not_greek():
    # "Joined in {year}"-like interface strings of the member side are not in the public
    # catalogues; on a page in Farsi they must read as English, never as Greek.
    with translation.override("el"):
        greek = translation.gettext("Members area")
    with translation.override("fa"):
        shown = translation.gettext("Members area")
    assert greek != "Members area"
    assert shown != greek


@pytest.mark.parametrize("lang", ["el", "en", *PUBLIC_ONLY])
def test_a_full_services_page_stays_within_14_kb_compressed_in_every_language(client, lang):
    # The first round trip of a slow connection (~14 KB) holds the whole HTML page, whatever
    # the language (longer scripts, the RTL stylesheet links and fallback notes included).
    category = make_category(slug="legal-aid", name="Νομική βοήθεια", name_en="Legal aid")
    for n in range(30):
        make_service(
            slug=f"service-{n}",
            name=f"Νομική συμβουλευτική {n}",
            name_en=f"Legal counselling {n}",
            description_el="Περιγραφή. " * 20,
            description_en="A description. " * 20,
            category=category,
        )
    for path in ("services/", "services/service-1/", ""):
        body = client.get(f"/{lang}/{path}").content
        assert len(gzip.compress(body, compresslevel=6)) <= 14 * 1024, (path, len(body))


def test_share_and_print_in_farsi_carry_the_english_name_and_read_right_to_left(client):
    make_service(slug="legal", name="Νομική βοήθεια", name_en="Legal help")
    page = client.get("/fa/services/legal/").content.decode()
    share = page.split('id="share-heading"', 1)[1]
    assert "Legal%20help" in share or "Legal+help" in share or "Legal help" in share
    assert "Νομική" not in share
    printed = client.get("/fa/services/legal/print/")
    html = printed.content.decode()
    assert printed.status_code == 200
    assert '<html lang="fa" dir="rtl">' in html
    assert "Legal help" in html.split("<title>", 1)[1].split("</title>", 1)[0]
