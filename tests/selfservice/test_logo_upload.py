"""Logo uploads: only real raster images, re-encoded and resized by us, under a random name."""

import io
import re
import struct
import zlib

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from members import images
from members.models import ChangeRequest
from tests.selfservice.conftest import organisation_post_data, png_bytes, upload

pytestmark = pytest.mark.django_db


def post_logo(editor_client, org, file, lang="en"):
    return editor_client.post(
        f"/{lang}/my/organisations/{org.pk}/", {**organisation_post_data(org), "logo_upload": file}
    )


def stored_logo() -> bytes:
    """The logo waiting for review, in the private storage (see test_pending_logo_privacy)."""
    name = ChangeRequest.objects.get().proposed["logo"]
    with images.private_storage().open(name) as f:
        return f.read()


def png_with_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims an enormous size: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_logo_is_re_encoded_resized_and_stored_under_a_random_name(editor_client, org):
    response = post_logo(editor_client, org, upload("../../etc/passwd.png", png_bytes(1600, 800)))
    assert response.status_code == 302
    name = ChangeRequest.objects.get().proposed["logo"]
    assert re.fullmatch(r"pending-logos/[0-9a-f]{32}\.png", name)
    with Image.open(io.BytesIO(stored_logo())) as image:
        assert image.format == "PNG"
        assert image.size == (512, 256)
    org.refresh_from_db()
    assert not org.logo  # the live record waits for review


def _exif() -> bytes:
    exif = Image.Exif()
    exif[0x010E] = "secret-gps-and-camera-details"  # ImageDescription
    return exif.tobytes()


@pytest.mark.parametrize(
    ("fmt", "mode", "save"),
    [("JPEG", "RGB", {"exif": _exif()}), ("WEBP", "RGB", {"exif": _exif()}), ("GIF", "L", {})],
)
def test_jpeg_webp_and_gif_are_accepted_and_become_png(editor_client, org, fmt, mode, save):
    content = png_bytes(300, 200, mode=mode, fmt=fmt, **save)
    if save:
        assert b"secret-gps-and-camera-details" in content
    response = post_logo(
        editor_client, org, upload(f"logo.{fmt.lower()}", content, f"image/{fmt.lower()}")
    )
    assert response.status_code == 302
    data = stored_logo()
    assert data.startswith(b"\x89PNG")
    assert b"secret-gps-and-camera-details" not in data


REFUSED = "Upload a PNG, JPEG, WebP or GIF image"


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
            "image/svg+xml",
        ),
        ("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/png"),
        ("logo.png", b"<!doctype html><html><script>alert(1)</script></html>", "image/png"),
        ("logo.png", b"GIF89a/*<script>alert(1)</script>*/", "image/gif"),
        ("logo.png", png_bytes()[:60], "image/png"),  # truncated
        ("logo.png", b"", "image/png"),
        ("logo.bmp", png_bytes(fmt="BMP"), "image/bmp"),  # a real image, but not an allowed format
        ("logo.tiff", png_bytes(fmt="TIFF"), "image/png"),
    ],
    ids=[
        "svg-script",
        "svg-renamed",
        "html-renamed",
        "gif-js-polyglot",
        "truncated",
        "empty",
        "bmp",
        "tiff",
    ],
)
def test_anything_but_a_real_raster_image_is_refused(
    editor_client, org, name, content, content_type
):
    response = post_logo(editor_client, org, upload(name, content, content_type))
    assert response.status_code == 400
    page = response.content.decode()
    assert REFUSED in page or "The submitted file is empty." in page
    assert not ChangeRequest.objects.exists()
    assert not default_storage.exists("logos") or not default_storage.listdir("logos")[1]
    private = images.private_storage()
    assert not private.exists("pending-logos") or not private.listdir("pending-logos")[1]


def test_a_polyglot_png_carrying_html_loses_it_in_the_re_encoding(editor_client, org):
    payload = b"<html><script>alert(document.domain)</script></html>"
    response = post_logo(editor_client, org, upload("logo.png", png_bytes() + payload))
    assert response.status_code == 302
    data = stored_logo()
    assert b"<script" not in data and b"<html" not in data


def test_more_than_two_megabytes_is_refused(editor_client, org):
    noise = Image.frombytes("RGB", (1000, 1000), bytes(range(256)) * 11718 + b"\0" * 192)
    out = io.BytesIO()
    noise.save(out, format="PNG", compress_level=0)
    assert out.tell() > 2 * 1024 * 1024
    response = post_logo(editor_client, org, upload("big.png", out.getvalue()))
    assert response.status_code == 400
    assert "larger than 2 MB" in response.content.decode()


def test_a_huge_image_is_refused_before_it_is_decoded(editor_client, org):
    content = png_bytes(5000, 4000, mode="L")  # 20 million pixels, a few kilobytes
    assert len(content) < 200_000
    response = post_logo(editor_client, org, upload("huge.png", content))
    assert response.status_code == 400
    assert "too many pixels" in response.content.decode()


@pytest.mark.parametrize("size", [(30_000, 30_000), (1_000_000, 100), (2**31 - 1, 2**31 - 1)])
def test_a_decompression_bomb_is_refused_without_decoding(editor_client, org, size, monkeypatch):
    def boom(*args, **kwargs):  # decoding would mean the size check came too late
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(Image.Image, "load", boom)
    response = post_logo(editor_client, org, upload("bomb.png", png_with_header_only(*size)))
    assert response.status_code == 400
    page = response.content.decode()
    assert "too many pixels" in page or REFUSED in page


def test_pillow_refuses_bombs_process_wide():
    assert Image.MAX_IMAGE_PIXELS == images.MAX_LOGO_PIXELS


@pytest.mark.parametrize(
    ("lang", "text"), [("el", "μεγαλύτερη από 2 MB"), ("en", "larger than 2 MB")]
)
def test_errors_are_translated(editor_client, org, lang, text):
    big = upload("big.png", b"\x89PNG" + b"\0" * (2 * 1024 * 1024 + 1))
    response = post_logo(editor_client, org, big, lang=lang)
    assert text in response.content.decode()
