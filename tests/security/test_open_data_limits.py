"""The open data cannot stall the portal, from the attacker's side: no request builds a
whole-directory file, the built files are served as files (ETag, Range), the API and the bulk
files are rate-limited per client, and /healthz answers while bulk downloads run."""

import gzip
import hashlib
import json
import statistics
import threading
import time
import urllib.request

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage

from members.hsds import files
from tests.pages import make_sample_records

pytestmark = pytest.mark.django_db

ZIP = "/en/data/accmr-directory-en-csv.zip"
NDJSON = "/el/data/hsds-services-el.ndjson.gz"


@pytest.fixture
def sample(settings):
    settings.SITE_URL = "http://testserver"
    settings.SIMPLE_HISTORY_ENABLED = False
    return make_sample_records()


@pytest.fixture
def builds_forbidden(monkeypatch):
    """Any attempt to build a whole-directory file fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("a request built a whole-directory file")

    monkeypatch.setattr(files, "tables", refuse)
    monkeypatch.setattr(files, "build_bulk", refuse)


def _every_bulk_url() -> list[str]:
    urls = [f"/el/data/{name}" for name in files.file_names()]
    urls += [f"/api/hsds/{c}?format=ndjson" for c in ("services", "organizations")]
    return urls + ["/api/hsds/service_at_locations?format=ndjson&lang=en"]


def test_before_the_first_build_every_bulk_file_is_503_and_nothing_is_built(
    client, sample, builds_forbidden
):
    for url in _every_bulk_url():
        response = client.get(url)
        assert response.status_code == 503, url
        assert int(response["Retry-After"]) > 0, url


def test_after_a_build_requests_serve_the_files_without_building_anything(
    client, sample, monkeypatch
):
    files.build_open_data()
    monkeypatch.setattr(files, "tables", lambda *a, **k: pytest.fail("built on request"))
    monkeypatch.setattr(files, "build_bulk", lambda *a, **k: pytest.fail("built on request"))
    for url in _every_bulk_url():
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content), url


def test_one_build_per_version_however_many_processes_ask(sample):
    first = files.build_open_data()
    assert files.build_open_data() == first  # same data: nothing rebuilt
    cache.set(f"opendata:building:{files.version_tag()}", 1)  # another worker is at it
    assert files.build_open_data(force=True) is None


# --- served as files ---------------------------------------------------------------------------


def test_a_download_has_an_etag_and_a_conditional_get_is_304(client, sample):
    files.build_open_data()
    response = client.get(ZIP)
    body = b"".join(response.streaming_content)
    assert response["ETag"] and response["Accept-Ranges"] == "bytes"
    assert int(response["Content-Length"]) == len(body)
    again = client.get(ZIP, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_a_broken_download_resumes_with_a_range(client, sample):
    files.build_open_data()
    whole = b"".join(client.get(ZIP).streaming_content)
    part = client.get(ZIP, HTTP_RANGE="bytes=100-199")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 100-199/{len(whole)}"
    assert b"".join(part.streaming_content) == whole[100:200]
    tail = client.get(ZIP, HTTP_RANGE="bytes=-50")
    assert b"".join(tail.streaming_content) == whole[-50:]
    beyond = client.get(ZIP, HTTP_RANGE=f"bytes={len(whole) + 10}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(whole)}"


def test_a_range_for_an_older_version_gets_the_whole_new_file(client, sample):
    files.build_open_data()
    whole = client.get(ZIP)
    response = client.get(ZIP, HTTP_RANGE="bytes=100-199", HTTP_IF_RANGE='"not-this-one"')
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"".join(whole.streaming_content)


# --- rate limits per client --------------------------------------------------------------------


def test_the_api_is_rate_limited_per_client(client, sample, settings):
    settings.API_REQUESTS_PER_MINUTE = 5
    for _ in range(5):
        assert client.get("/api/hsds/services").status_code == 200
    refused = client.get("/api/hsds/services")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]
    assert refused["Access-Control-Allow-Origin"] == "*"
    other = client.get("/api/hsds/services", REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 200


def test_the_api_limit_counts_only_the_requests_that_make_the_server_work(client, sample, settings):
    settings.PAGE_CACHE = True
    settings.API_REQUESTS_PER_MINUTE = 3
    first = client.get("/api/hsds/services")
    assert first["X-Page-Cache"] == "miss"  # counted: 1
    for _ in range(5):  # from the page cache, or 304: not counted
        assert client.get("/api/hsds/services")["X-Page-Cache"] == "hit"
        assert client.get("/api/hsds/services", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get("/api/hsds/organizations").status_code == 200  # 2
    assert client.get("/api/hsds/services?page=oops").status_code == 400  # checked: 3
    refused = client.get("/api/hsds/taxonomies")
    assert refused.status_code == 429
    assert refused["Access-Control-Allow-Origin"] == "*"
    # The refusal is not the page: no validators, nothing a shared cache would keep.
    assert not refused.has_header("ETag")
    assert "public" not in refused.get("Cache-Control", "")
    assert client.get("/api/hsds/services?page=oops").status_code == 429
    assert client.get("/api/hsds/services")["X-Page-Cache"] == "hit"  # still served
    # A page nobody asked for yet would be work: refused, and not stored as the page.
    assert client.get("/api/hsds/taxonomies").status_code == 429


@pytest.mark.parametrize("lang", ["el", "en"])
def test_bulk_downloads_are_rate_limited_per_client_with_a_page_in_the_visitors_language(
    client, sample, settings, lang
):
    settings.BULK_DOWNLOADS_PER_HOUR = 2
    files.build_open_data()
    assert client.get(f"/{lang}/data/accmr-directory-{lang}-csv.zip").status_code == 200
    assert client.get("/api/hsds/services?format=ndjson").status_code == 200  # counts too
    refused = client.get(f"/{lang}/data/accmr-directory-{lang}-csv.zip")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 3600
    assert f'<html lang="{lang}">' in refused.content.decode()
    assert client.get("/api/hsds/organizations?format=ndjson").status_code == 429
    other = client.get(f"/{lang}/data/accmr-directory-{lang}-csv.zip", REMOTE_ADDR="192.0.2.1")
    assert other.status_code == 200


# --- /healthz while bulk downloads run ---------------------------------------------------------


def _make_the_services_file_large(megabytes: int) -> None:
    """Replace the built services file with a large one, as at 50,000 services."""
    manifest = files.read_manifest()
    name = files.bulk_file_name("services", "el")
    path = f"{files.FOLDER}/{manifest['tag']}/{name}"
    payload = gzip.compress(b'{"id": "x"}\n' * (megabytes * 1024 * 1024 // 12), compresslevel=0)
    default_storage.delete(path)
    with default_storage.open(path, "wb") as target:
        target.write(payload)
    manifest["files"][name] = {"size": len(payload), "etag": hashlib.sha256(payload).hexdigest()}
    files._write_manifest(manifest)


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_fast_while_bulk_downloads_run(live_server, settings):
    settings.SITE_URL = live_server.url
    settings.SIMPLE_HISTORY_ENABLED = False
    make_sample_records()
    files.build_open_data()
    _make_the_services_file_large(megabytes=16)
    stop = threading.Event()
    downloaded = []

    def download():
        while not stop.is_set():
            with urllib.request.urlopen(live_server.url + NDJSON, timeout=60) as response:
                size = 0
                while chunk := response.read(256 * 1024):
                    size += len(chunk)
                downloaded.append(size)

    workers = [threading.Thread(target=download, daemon=True) for _ in range(4)]
    for worker in workers:
        worker.start()
    time.sleep(0.5)  # the downloads are under way
    timings = []
    try:
        for _ in range(20):
            started = time.monotonic()
            with urllib.request.urlopen(live_server.url + "/healthz", timeout=30) as response:
                assert json.loads(response.read()) == {"status": "ok"}
            timings.append(time.monotonic() - started)
            time.sleep(0.05)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=60)
    assert downloaded, "no bulk download ran"
    # Generous bounds for a shared test machine; a request building the file took 8.6 s.
    assert statistics.median(timings) < 0.5, timings
    assert max(timings) < 2.0, timings
