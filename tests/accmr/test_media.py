"""Uploads on the local disk, served by the app at /media/ (SERVE_MEDIA)."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import clear_url_caches

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def stored(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (tmp_path / "secret.txt").write_text("outside MEDIA_ROOT")
    return {
        "logo": default_storage.save("logos/abc123.png", ContentFile(PNG)),
        "pdf": default_storage.save("practices/report.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n")),
        "other": default_storage.save("logos/page.html", ContentFile(b"<script>1</script>")),
    }


def test_a_logo_is_served_as_an_image_with_cache_headers(client, stored):
    response = client.get(f"/media/{stored['logo']}")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == PNG
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_is_served_as_a_pdf(client, stored):
    response = client.get(f"/media/{stored['pdf']}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_any_other_file_is_only_ever_a_download(client, stored):
    response = client.get(f"/media/{stored['other']}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    "path",
    [
        "logos/missing.png",
        "../secret.txt",
        "logos/../../secret.txt",
        "logos/",
        "logos",  # a folder: was a 500 (IsADirectoryError)
        "%2e%2e/secret.txt",
    ],
)
def test_missing_files_and_paths_outside_media_root_are_404(client, stored, path):
    assert client.get(f"/media/{path}").status_code == 404


def test_only_reading_is_allowed(client, stored):
    assert client.post(f"/media/{stored['logo']}").status_code == 405


def test_no_route_when_a_bucket_or_a_proxy_serves_the_files(client, stored, settings):
    settings.SERVE_MEDIA = False
    clear_url_caches()
    import importlib

    from accmr import urls

    try:
        with override_settings(ROOT_URLCONF="accmr.urls"):
            importlib.reload(urls)
            assert client.get(f"/media/{stored['logo']}").status_code == 404
    finally:
        settings.SERVE_MEDIA = True
        importlib.reload(urls)
        clear_url_caches()
