"""Text normalisation for search: case, Greek accents and final sigma.

`normalise()` is used both on the stored search column and on the visitor's
query, so SQLite and PostgreSQL compare the same plain strings.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """Lower-case, strip accents and diacritics, fold final sigma, collapse spaces."""
    if not text:
        return ""
    text = text.replace("\x00", " ")
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("ς", "σ")
    return _SPACES.sub(" ", stripped).strip()
