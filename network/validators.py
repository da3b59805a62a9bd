"""Checks and storage names for files that coordinators upload to good practices.

The PDF checks are the site's one rule for uploaded PDFs (accmr.lib.uploads); the names stay
importable from here for the migrations that refer to them.
"""

from accmr.lib.uploads import MAX_PDF_BYTES, pdf_storage_name, validate_pdf

__all__ = ["MAX_PDF_BYTES", "practice_attachment_path", "validate_pdf"]


def practice_attachment_path(instance, filename: str) -> str:
    return pdf_storage_name("practices", filename)
