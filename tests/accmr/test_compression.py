"""Compressed HTML (accmr.cache): anonymous, shareable pages go out brotli- or gzip-compressed
with `Vary: Accept-Encoding`; a page with a CSRF token or for a logged-in visitor never does
(BREACH: a secret compressed beside text an attacker controls leaks through the size)."""

import gzip

import brotli
import pytest

from tests import factories
from tests.accmr.page_cache_urls import LONG_TEXT

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accmr.page_cache_urls")]


@pytest.fixture(params=[True, False], ids=["page-cache", "no-page-cache"])
def page_cache(request, settings):
    settings.PAGE_CACHE = request.param
    return request.param


def test_an_anonymous_page_is_sent_gzip_compressed_to_a_client_that_takes_gzip(client, page_cache):
    for _ in range(2):  # rendered, then (with the page cache) from the cache
        response = client.get("/cached/long/", HTTP_ACCEPT_ENCODING="gzip, deflate")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content).decode() == LONG_TEXT
        assert int(response["Content-Length"]) == len(response.content) < len(LONG_TEXT)


def test_brotli_is_preferred_when_the_client_takes_it(client, page_cache):
    for _ in range(2):
        response = client.get("/cached/long/", HTTP_ACCEPT_ENCODING="gzip, br")
        assert response["Content-Encoding"] == "br"
        assert brotli.decompress(response.content).decode() == LONG_TEXT


def test_a_client_that_takes_no_compression_gets_the_plain_page_with_vary(client, page_cache):
    for accept in ("", "identity", "gzip;q=0, br;q=0"):
        response = client.get("/cached/long/", HTTP_ACCEPT_ENCODING=accept)
        assert "Content-Encoding" not in response
        assert response.content.decode() == LONG_TEXT
        assert "Accept-Encoding" in response["Vary"]


def test_a_page_carrying_a_csrf_token_is_never_compressed(client, page_cache):
    for _ in range(2):
        response = client.get("/cached/long-form/", HTTP_ACCEPT_ENCODING="gzip, br")
        assert "Content-Encoding" not in response
        assert "csrf value=" in response.content.decode()


def test_a_logged_in_visitor_never_gets_a_compressed_page(client, page_cache):
    client.force_login(factories.make_user())
    response = client.get("/cached/long/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in response
    assert response.content.decode() == LONG_TEXT


def test_the_public_lists_are_sent_compressed(client, page_cache):
    factories.make_service()
    for path in ("/el/services/", "/en/organisations/"):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip")
        assert response["Content-Encoding"] == "gzip"
        assert b"</html>" in gzip.decompress(response.content)


def test_each_hit_gets_its_own_copy_of_the_stored_page(client, settings):
    # Pages are kept pickled in each process (accmr.cache._pages) and in the shared cache:
    # compressing one visitor's copy must not change what the next visitor gets.
    settings.PAGE_CACHE = True
    for accept in ("br", "gzip", "", "br", ""):
        response = client.get("/cached/long/", HTTP_ACCEPT_ENCODING=accept)
        body = response.content
        if accept == "br":
            body = brotli.decompress(body)
        elif accept == "gzip":
            body = gzip.decompress(body)
        assert body.decode() == LONG_TEXT
        assert response.get("Content-Encoding", "") == accept


def test_a_page_kept_by_this_process_is_gone_when_the_content_changes(client, settings):
    from accmr.cache import bump_content_version

    settings.PAGE_CACHE = True
    client.get("/cached/long/")
    assert client.get("/cached/long/")["X-Page-Cache"] == "hit"
    bump_content_version()
    assert client.get("/cached/long/")["X-Page-Cache"] == "miss"


def test_a_page_sent_once_is_compressed_once_in_the_best_encoding(client, settings, monkeypatch):
    # Without the page cache every request compresses its page: only the encoding sent.
    from accmr import cache as page_cache_module

    settings.PAGE_CACHE = False
    calls = []
    real_gzip, real_brotli = page_cache_module.gzip.compress, page_cache_module.brotli.compress
    monkeypatch.setattr(
        page_cache_module.gzip,
        "compress",
        lambda *a, **k: calls.append("gzip") or real_gzip(*a, **k),
    )
    monkeypatch.setattr(
        page_cache_module.brotli,
        "compress",
        lambda *a, **k: calls.append("br") or real_brotli(*a, **k),
    )
    for accept, sent in (("gzip, br", "br"), ("gzip", "gzip")):
        calls.clear()
        response = client.get("/cached/long/", HTTP_ACCEPT_ENCODING=accept)
        assert response["Content-Encoding"] == sent
        assert calls == [sent]
