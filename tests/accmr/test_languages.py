import pytest

from tests.accmr.conftest import links, switcher_links

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "accept_language, target",
    [
        ("en", "/en/"),
        ("en-GB,en;q=0.9", "/en/"),
        ("en-US", "/en/"),
        ("el-GR,el;q=0.9,en;q=0.8", "/el/"),
        ("fr-FR,fr;q=0.9", "/fr/"),
        ("ar", "/ar/"),
        ("fa-IR,fa;q=0.9,en;q=0.5", "/fa/"),
        ("de-DE,de;q=0.9", "/el/"),
        ("", "/el/"),
        ("not a language header ;;; q=x", "/el/"),
        # A visitor who reads English, though not first, gets English rather than Greek.
        ("de-DE,de;q=0.9,en;q=0.5", "/en/"),
    ],
)
def test_root_redirects_by_the_browsers_language(client, accept_language, target):
    response = client.get("/", headers={"accept-language": accept_language})

    assert response.status_code == 302
    assert response["Location"] == target
    assert "Accept-Language" in response["Vary"]


def test_root_without_accept_language_goes_to_greek(client):
    assert client.get("/")["Location"] == "/el/"


def test_root_redirect_keeps_the_query_string(client):
    response = client.get("/?q=legal+aid", headers={"accept-language": "en"})

    assert response["Location"] == "/en/?q=legal+aid"


def test_root_refuses_a_post(client):
    assert client.post("/").status_code == 405


def test_switcher_keeps_the_query_string(client):
    html = client.get("/el/about/?page=2&q=%CE%B1%CE%B8%CE%AE%CE%BD%CE%B1").content.decode()

    query = "?page=2&q=%CE%B1%CE%B8%CE%AE%CE%BD%CE%B1"
    links_ = switcher_links(html)
    assert links_["en"] == f"/en/about/{query}"
    assert links_["fa"] == f"/fa/about/{query}"
    assert len(links_) == 6


def test_switcher_and_alternates_escape_a_hostile_query_string(client):
    html = client.get('/en/about/?q="><script>alert(1)</script>').content.decode()

    assert "<script>" not in html
    assert links(html, "alternate")["el"].startswith("http://testserver/el/about/?q=")


@pytest.mark.parametrize("lang, other", [("el", "en"), ("en", "el"), ("fa", "uk"), ("uk", "ar")])
def test_switcher_on_a_missing_page_leads_to_the_same_address_in_the_other_language(
    client, lang, other
):
    html = client.get(f"/{lang}/no-such-page/").content.decode()

    assert switcher_links(html)[other] == f"/{other}/no-such-page/"


def test_unprefixed_site_page_redirects_to_the_greek_one(client):
    response = client.get("/about/")

    assert response.status_code == 302
    assert response["Location"] == "/el/about/"


def test_unprefixed_site_page_follows_the_browsers_language(client):
    response = client.get("/contact/", headers={"accept-language": "en"})

    assert response["Location"] == "/en/contact/"
