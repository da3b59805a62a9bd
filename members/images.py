"""Logo uploads: accept only real raster images, and store our own re-encoded copy.

The uploaded bytes are never stored or served. We check the size, let Pillow identify
the content (not the name or the browser's content type), refuse anything but PNG, JPEG,
WebP and GIF (so no SVG, which can carry script), refuse images with too many pixels
before decoding them (decompression bombs), verify and decode the image, then write a
fresh PNG of at most 512×512 pixels under a random name. Whatever was hidden in the
upload (a script after the image data, EXIF, a second file format) does not survive.

An editor's logo waits for review in the private storage (`pending-logos/…`, no public
address; its editors and the coordinators see it through members:pending_logo). Accepted, it
moves to the public `logos/` folder (`publish_logo`); refused, withdrawn or replaced, it is
deleted (`discard_pending_logo`). The admin's logo field goes through `process_logo` too.
"""

import io
import uuid
import warnings
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 16_000_000  # e.g. 4000×4000; a logo never needs more
LOGO_SIZE = 512
ALLOWED_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
LOGO_FOLDER = "logos"
PENDING_FOLDER = "pending-logos"

# Pillow refuses (DecompressionBombError) images above twice this, and warns above it;
# we turn the warning into an error below.
Image.MAX_IMAGE_PIXELS = MAX_LOGO_PIXELS

NOT_AN_IMAGE = _("Upload a PNG, JPEG, WebP or GIF image. Other files, including SVG, are refused.")


def process_logo(upload: UploadedFile) -> ContentFile:
    """Validate an uploaded logo and return a re-encoded PNG (not yet stored)."""
    if upload.size is None or upload.size > MAX_LOGO_BYTES:
        raise ValidationError(_("The image is larger than 2 MB."), code="too_large")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            upload.seek(0)
            with Image.open(upload) as probe:
                _check_header(probe)
                probe.verify()
            upload.seek(0)
            with Image.open(upload) as image:
                _check_header(image)
                image.seek(0)  # first frame of an animation
                image.load()
                image = ImageOps.exif_transpose(image)
                has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
                image = image.convert("RGBA" if has_alpha else "RGB")
                image.thumbnail((LOGO_SIZE, LOGO_SIZE), Image.Resampling.LANCZOS)
                out = io.BytesIO()
                image.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except (
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ) as error:
        raise ValidationError(
            _("The image has too many pixels."), code="too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.png")


def _check_header(image: Image.Image) -> None:
    if image.format not in ALLOWED_FORMATS:
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
    width, height = image.size
    if width < 1 or height < 1 or width * height > MAX_LOGO_PIXELS:
        raise ValidationError(_("The image has too many pixels."), code="too_many_pixels")


def private_storage():
    return storages["private"]


def store_logo(content: ContentFile) -> str:
    """Save a processed logo, waiting for review, in the private storage; returns its name."""
    return private_storage().save(f"{PENDING_FOLDER}/{content.name}", content)


def is_pending(name: str | None) -> bool:
    return bool(name) and name.startswith(f"{PENDING_FOLDER}/")


def publish_logo(name: str) -> str:
    """Copy an accepted pending logo to the public storage; returns its public name.

    The private copy is deleted after the commit (`discard_pending_logo`), so a review that
    fails still finds it. A name that is not pending (already public) is returned as it is.
    """
    if not is_pending(name):
        return name
    with private_storage().open(name, "rb") as pending:
        public = default_storage.save(f"{LOGO_FOLDER}/{PurePosixPath(name).name}", File(pending))
    discard_pending_logo(name)
    return public


def discard_pending_logo(name: str | None) -> None:
    """Delete a pending logo once the transaction commits (nothing when it is not pending)."""
    if is_pending(name):
        transaction.on_commit(lambda: private_storage().delete(name), robust=True)


def pending_logo_url(organisation, name: str | None) -> str:
    """Where the editors and the coordinators see `name`, a logo proposed for `organisation`:
    its public address once accepted, the checking view while it waits, nothing once gone."""
    if not name:
        return ""
    if not is_pending(name):
        return default_storage.url(name)
    if not private_storage().exists(name):  # refused or withdrawn: deleted
        return ""
    return reverse("members:pending_logo", args=[organisation.pk])
