"""Checks and storage names for the PDFs people upload (good practices, toolkit publications)."""

import secrets
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

MAX_PDF_BYTES = 10 * 1024 * 1024
# Browsers sniff the first bytes of a response; a PDF that also reads as HTML there
# could run as a web page from our domain, so such files are refused.
SNIFF_BYTES = 1024
HTML_MARKERS = (b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<iframe", b"<svg")


def validate_pdf(file) -> None:
    """Accept only a real PDF (checked by its content, not its name) of at most 10 MB."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    size = getattr(file, "size", None)
    if size is not None and size > MAX_PDF_BYTES:
        raise ValidationError(
            _("The file is larger than 10 MB. Please upload a smaller PDF."), code="too_large"
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        head = file.read(SNIFF_BYTES)
    finally:
        if position is not None:
            file.seek(position)
    if not isinstance(head, bytes):
        head = head.encode("utf-8", "replace")
    if not head.startswith(b"%PDF-"):
        raise ValidationError(
            _("This file is not a PDF document. Please upload a PDF."), code="not_pdf"
        )
    lowered = head.lower()
    if any(marker in lowered for marker in HTML_MARKERS):
        raise ValidationError(
            _("This file contains web page code and cannot be accepted."), code="html"
        )


def pdf_storage_name(folder: str, filename: str) -> str:
    """A safe storage name in `folder`: a slug of the original name, a random part, `.pdf`.

    The random part keeps names unguessable and stops an upload replacing another.
    """
    stem = slugify(PurePath(filename).stem)[:60].strip("-") or "document"
    return f"{folder}/{stem}-{secrets.token_hex(4)}.pdf"
