"""Hostile query strings on every public page (routes from the resolver): script injection
comes back escaped, SQL-looking input gets a 200 or a 4xx (never a 500), and `next` cannot send
a visitor to another site."""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.factories import make_user
from tests.security.routes import BUILDABLE, urls_for

pytestmark = pytest.mark.django_db

PUBLIC_ROUTES = [r for r in BUILDABLE if r.is_public_page]

# Query parameters the public pages use or may use; those a page's own GET forms and links
# use are added from its HTML.
PROBE_PARAMS = (
    "q",
    "page",
    "category",
    "subcategory",
    "organisation",
    "type",
    "language",
    "group",
    "community",
    "municipality",
    "access",
    "open_now",
    "sort",
    "lang",
    "format",
    "next",
)
SCRIPT_PAYLOADS = (
    "<script>alert(1)</script>",
    '"><svg onload=alert(1)>',
    "'><img src=x onerror=alert(1)>",
    "javascript:alert(1)",
)
# None of these may appear as such in an HTML answer.
RAW_MARKUP = (
    "<script>alert(1)",
    "<svg onload=alert(1)",
    "<img src=x onerror=alert(1)",
    'href="javascript:alert(1)',
    "href='javascript:alert(1)",
)
SQL_LOOKING = (
    "' OR '1'='1",
    "1; DROP TABLE members_service; --",
    "%' UNION SELECT NULL, NULL --",
    "1' AND SLEEP(5) --",
    "\\",
    "\x00",
    "ά" * 3000,
    "-1",
    "99999999999999999999999",
    "[]",
)


class _QueryNames(HTMLParser):
    """Collects the names a page's GET forms submit and the query keys its links carry."""

    def __init__(self):
        super().__init__()
        self.names: set[str] = set()
        self._in_get_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_get_form = (attrs.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self._in_get_form and attrs.get("name"):
            self.names.add(attrs["name"])
        elif tag == "a" and "?" in (attrs.get("href") or ""):
            self.names.update(k for k, _ in parse_qsl(urlsplit(attrs["href"]).query))

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_get_form = False


def _params_of(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, f"the public page {url} answered {response.status_code}"
    names = set(PROBE_PARAMS)
    if "html" in response.get("Content-Type", ""):
        parser = _QueryNames()
        parser.feed(response.content.decode())
        names |= parser.names - {"csrfmiddlewaretoken"}
    return sorted(names)


def _in_turn(client, urls: list[str], inputs) -> list[tuple[str, list[str], str]]:
    """Each input once, on the route's URLs in turn: (url, its query names, input).

    A route's URLs are the same page in each language (or with each choice value), with the
    same form and the same code behind it. Every URL is still opened (it must answer 200) and
    its own query names are used; the inputs are dealt out over the URLs in turn, so both
    languages get hostile input, but no input is sent again in every language.
    """
    names = [_params_of(client, url) for url in urls]
    return [
        (urls[number % len(urls)], names[number % len(urls)], value)
        for number, value in enumerate(inputs)
    ]


@pytest.fixture
def prepared(settings):
    """What a route needs before it answers 200: the open-data files are built outside
    requests (members.hsds.files), so a download route needs a build first."""

    def prepare(route):
        if route.name == "opendata:download":
            from members.hsds.files import build_open_data

            settings.SITE_URL = settings.SITE_URL or "http://testserver"
            build_open_data(force=True)

    return prepare


def _assert_no_raw_markup(response, url, params):
    content_type = response.get("Content-Type", "")
    if "html" not in content_type:
        assert response.get("X-Content-Type-Options") == "nosniff", url
        return
    body = response.content.decode()
    found = [marker for marker in RAW_MARKUP if marker in body]
    assert not found, f"{url} with {params} reflects {found} unescaped"


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=lambda r: r.label)
def test_script_in_a_query_parameter_comes_back_escaped(client, records, route, prepared):
    prepared(route)
    for url, names, payload in _in_turn(client, urls_for(route, records), SCRIPT_PAYLOADS):
        data = dict.fromkeys(names, payload)
        response = client.get(url, data)
        assert response.status_code < 500
        _assert_no_raw_markup(response, url, data)


@pytest.mark.parametrize("route", PUBLIC_ROUTES, ids=lambda r: r.label)
def test_sql_looking_input_gets_a_page_or_a_client_error_never_a_server_error(
    client, records, route, prepared
):
    prepared(route)
    for url, names, value in _in_turn(client, urls_for(route, records), SQL_LOOKING):
        for data in (dict.fromkeys(names, value), {"q": value}):
            response = client.get(url, data)
            status = response.status_code
            assert status == 200 or 400 <= status < 500, f"{url} {data!r:.120}: {status}"


@pytest.mark.parametrize("lang", ["el", "en"])
def test_the_search_shows_the_query_escaped(client, lang):
    response = client.get(f"/{lang}/search/", {"q": "<script>alert(1)</script>"})
    body = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "<script>alert(1)" not in body


EVIL_NEXT = (
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "\\\\evil.example",
    " https://evil.example/",
    "javascript:alert(1)",
)


def _assert_stays_here(response, attempt):
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.netloc in ("", "testserver"), f"next={attempt!r} -> {response['Location']}"
    assert location.scheme in ("", "http", "https"), f"next={attempt!r} -> {response['Location']}"
    assert not response["Location"].startswith(("//", "/\\")), response["Location"]


@pytest.mark.parametrize("evil", EVIL_NEXT)
def test_log_in_does_not_redirect_to_another_site(client, evil):
    make_user(email="editor@example.org", password="correct horse battery")
    response = client.post(
        f"/el/account/login/?next={evil}",
        {"username": "editor@example.org", "password": "correct horse battery", "next": evil},
    )
    _assert_stays_here(response, evil)


@pytest.mark.parametrize("evil", EVIL_NEXT)
def test_log_out_does_not_redirect_to_another_site(client, evil):
    client.force_login(make_user())
    response = client.post("/el/account/logout/", {"next": evil})
    _assert_stays_here(response, evil)


def test_log_in_follows_a_local_next(client):
    """The checks above can fail: a local `next` is followed."""
    make_user(email="editor@example.org", password="correct horse battery")
    response = client.post(
        "/el/account/login/",
        {
            "username": "editor@example.org",
            "password": "correct horse battery",
            "next": "/el/about/",
        },
    )
    assert response["Location"] == "/el/about/"
