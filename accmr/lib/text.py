"""Text normalisation for search: one phonetic Latin key for Greek, Greeklish and English.

Hand-written on purpose: no well-kept library folds Greek, Greeklish and English spellings
to one key (transliteration packages go one way, Greek to Latin, and know no Greeklish).

People type "Αθήνα", "ΑΘΗΝΑ", "αθηνα", "athina", "a8hna" or "Athens"; "nomiki voitheia"
for νομική βοήθεια; "ellinika mathimata" for Μαθήματα ελληνικών. So both the stored search
column and the visitor's query go through the same `normalise()`, which returns a *key*:

1. case, accents, diacritics and final sigma are folded (``Αθήνα`` -> ``αθηνα``);
2. Greek letters are transliterated to Latin, roughly as ELOT 743 does
   (``αθηνα`` -> ``athina``, ``βοηθεια`` -> ``voitheia``);
3. every Latin word, whether it came from Greek, from Greeklish or from English, is folded
   to a phonetic key that merges the spellings Greeklish uses for one Greek sound:
   ``th``/``8`` (θ) -> ``th``; ``ch``/``x``/``ks`` (χ, ξ) -> ``x``; ``b``/``v``/``f``/
   ``ph``/``mp``/``mb`` (β, φ, μπ) -> ``v``; ``ng``/``gk``/``gg`` (γγ, γκ) -> ``g``; ``nt``
   (ντ) -> ``d``; ``i``/``y``/``ei``/``oi`` and ``h`` used as a vowel (η, ι, υ, ει, οι) -> ``i``;
   ``ai`` -> ``e``; ``o``/``w`` -> ``o``; ``ou``/``oy``/``u`` -> ``u``; ``c``/``q`` -> ``k``;
   then doubled letters collapse (``ellinika`` = ``elinika``).

The key is only ever compared with other keys, never shown. Queries are matched word by
word (`search_q()`): every useful word of the query must occur somewhere in the stored key,
in any order. A word whose key is longer than five characters is cut to a stem of
``max(5, len - 3)`` characters, so Greek inflections match each other ("ellinika" finds
"ελληνικών": both start with ``elini``); a word of one or two characters ("ΑΦΜ" is three)
must start a stored word. Where Greeklish is ambiguous (``h`` is η or χ; ``u`` is
ου or υ) the query word is tried both ways; a few English names that sound nothing like
the Greek ("Athens", "Piraeus", "Greek") also look for the Greek one. The same plain
strings and ``LIKE '%…%'`` lookups run on SQLite and PostgreSQL, so both give the same
answers.

The stored column is laid out by `search_document()` as ``/ name / other name / | body``:
names between slashes, then a bar, then the other text, so the search page can rank
name matches above description matches in SQL.
"""

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable

from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Left, StrIndex
from django.utils.text import slugify

NAME_SEP = "/"
BODY_SEP = "|"
# The site search finds a name by its start in at most this many names per record (its
# PostgreSQL indexes are on the first three names; see accmr.search).
MAX_NAMES = 3
MAX_QUERY_LENGTH = 200  # characters: the longest query a list or the site search reads
MAX_QUERY_WORDS = 8
STEM_MIN = 5
_MAX_VARIANTS = 4

_WORD = re.compile(r"[^\W_]+")

# Greek -> Latin, digraphs first (as in ELOT 743; υ after α/ε is a consonant).
_GREEK_DIGRAPHS = {
    "ου": "ou",
    "αυ": "av",
    "ευ": "ev",
    "ηυ": "iv",
    "γγ": "ng",
    "γκ": "gk",
    "γξ": "nx",
    "γχ": "nx",
    "μπ": "mp",
    "ντ": "nt",
    "τσ": "ts",
    "τζ": "tz",
}
_GREEK_LETTERS = dict(
    zip(
        "αβγδεζηθικλμνξοπρστυφχψω",
        "a v g d e z i th i k l m n x o p r s t y f x ps o".split(),
        strict=True,
    )
)

# Latin spellings -> phonetic key, longest first. A rule may refuse a following letter
# (`nt` before `h` is ν + θ, as in "anthropos").
_LATIN_RULES: list[tuple[str, str, str]] = [
    # (spelling, key, letters that must not follow)
    ("sch", "sx", ""),
    ("th", "th", ""),
    ("ch", "x", ""),
    ("sh", "sx", ""),
    ("ph", "v", ""),
    ("ks", "x", ""),
    ("ck", "k", ""),
    ("mp", "v", "h"),
    ("mb", "v", ""),
    ("nt", "d", "h"),
    ("ng", "g", ""),
    ("gk", "g", ""),
    ("gg", "g", ""),
    ("ou", "u", ""),
    ("oy", "u", ""),
    ("au", "av", ""),
    ("ay", "av", ""),
    ("eu", "ev", ""),
    ("ey", "ev", ""),
    ("ai", "e", ""),
    ("ei", "i", ""),
    ("oi", "i", ""),
]
_LATIN_LETTERS = {
    "b": "v",
    "f": "v",
    "w": "o",
    "y": "i",
    "c": "k",
    "q": "k",
    "h": "i",
}
_VOWELS = set("aeiouyw")

# Query words that carry no meaning on their own (compared by key, so accents and
# Greeklish spellings of them are dropped too).
_STOPWORDS = (
    "ο η το οι τα του της των τον την τους τις και κι για σε στο στη στην στον στα στους στις "
    "με από ή ένα ένας μια μία ενός μιας που να θα δεν "
    "a an the and or of for in on at to with by from is are"
)


# Letters written differently in Arabic, Farsi and Urdu (and on their keyboards): one form
# each, so a query typed on an Arabic keyboard finds a Farsi name (كمك / کمک). Tatweel, the
# stretching stroke, is dropped. (Hamza and madda on alef are combining marks after NFD.)
_ARABIC_SCRIPT = str.maketrans(
    {
        "ك": "ک",
        "ي": "ی",
        "ى": "ی",
        "ے": "ی",
        "ة": "ه",
        "ۃ": "ه",
        "ہ": "ه",
        "ھ": "ه",
        "ۀ": "ه",
        "ـ": None,
    }
)


def fold(text: str | None) -> str:
    """Lower-case, strip accents and diacritics, fold final sigma, collapse spaces.

    The plain accent-free form, for comparing display strings; search uses `normalise()`.
    """
    if not text:
        return ""
    text = text.replace("\x00", " ")
    decomposed = unicodedata.normalize("NFD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.replace("ς", "σ").translate(_ARABIC_SCRIPT).split())


# Readable transliteration for slugs (ELOT 743-like), unlike the search key, which is
# phonetic and never shown: "Μαθήματα ελληνικών" -> "mathimata-ellinikon".
_SLUG_DIGRAPHS = {**_GREEK_DIGRAPHS, "γξ": "nx", "γχ": "nch"}
_SLUG_LETTERS = {**_GREEK_LETTERS, "χ": "ch"}


def latin_slug(text: str | None, max_length: int) -> str:
    """A readable Latin slug for Greek or English text, cut to `max_length` characters."""
    latin = _transliterate(fold(text), _SLUG_DIGRAPHS, _SLUG_LETTERS)
    return slugify(latin)[:max_length].strip("-")


def unique_slug(queryset, base: str) -> str:
    """`base`, or else `base-2`, `base-3`…: the first slug no row of `queryset` has."""
    slug, n = base, 2
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _transliterate(text: str, digraphs: dict[str, str], letters: dict[str, str]) -> str:
    """`text` in Latin letters: a digraph of `digraphs` first, else the letter of `letters`
    (a character neither knows is kept)."""
    out = []
    i = 0
    while i < len(text):
        pair = text[i : i + 2]
        if pair in digraphs:
            out.append(digraphs[pair])
            i += 2
            continue
        out.append(letters.get(text[i], text[i]))
        i += 1
    return "".join(out)


def _greek_to_latin(word: str) -> str:
    return _transliterate(word, _GREEK_DIGRAPHS, _GREEK_LETTERS)


def _spellings(word: str) -> list[str]:
    """Latin spellings of one query word: the canonical reading first, then alternatives.

    Greeklish is ambiguous in a few places: a lone `h` is η or χ ("kalh", "ohi"), `th`
    before a consonant is θ or τη ("ethniko", "thn"), `ph` is φ or πη ("yphresia"), a lone
    `u` is ου or υ ("upiresia").
    """
    pieces: list[list[str]] = []
    n = len(word)
    for i, ch in enumerate(word):
        prev = word[i - 1] if i else ""
        nxt = word[i + 1] if i + 1 < n else ""
        if ch == "h" and prev == "t":
            pieces.append(["h"] if nxt in _VOWELS else ["h", "i"])
        elif ch == "h" and prev == "p":  # φ, or πη as in "yphresia"
            pieces.append(["h", "i"])
        elif ch == "h" and prev not in ("c", "s"):
            if nxt in _VOWELS or nxt == "r":  # "hronia", "ohi", "arhi": χ
                pieces.append(["x", "i"])
            else:  # "kalh", "mhtera", "dhmos", "vohtheia": η
                pieces.append(["i", "x"])
        elif ch == "u" and prev not in ("o", "a", "e"):
            pieces.append(["u", "y"])
        else:
            pieces.append([ch])
    spellings = ("".join(combo) for combo in itertools.product(*pieces))
    return list(itertools.islice(spellings, _MAX_VARIANTS))


def _latin_key(word: str) -> str:
    """The phonetic key of one Latin spelling (deterministic)."""
    out = []
    i = 0
    n = len(word)
    while i < n:
        for spelling, key, refused in _LATIN_RULES:
            end = i + len(spelling)
            if word.startswith(spelling, i) and not (refused and end < n and word[end] in refused):
                out.append(key)
                i = end
                break
        else:
            out.append(_LATIN_LETTERS.get(word[i], word[i]))
            i += 1
    return _collapse("".join(out))


def _latin_variants(word: str) -> list[str]:
    """Phonetic keys of one Latin word: the canonical key first, then Greeklish readings."""
    if any(ch.isalpha() for ch in word):
        # Greeklish numerals-as-letters: 8 for θ, 3 for ξ (only inside words).
        word = word.replace("8", "th").replace("3", "x")
    canonical, *others = (_latin_key(spelling) for spelling in _spellings(word))
    # An alternative reading that folds to almost nothing ("ohi" read as "oii" -> "i")
    # would match every record: keep only those of three characters or more.
    return list(dict.fromkeys([canonical, *(key for key in others if len(key) >= 3)]))


def _collapse(key: str) -> str:
    """Doubled letters are one sound ("ellinika" = "elinika"); digits stay as they are."""
    out = []
    for ch in key:
        if out and ch == out[-1] and not ch.isdigit():
            continue
        out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=4096)
def _word_variants(word: str) -> tuple[str, ...]:
    """The phonetic keys of one folded word (see `_latin_variants`). Kept per word in the
    process: a search normalises its words once per kind of result, and the same words recur
    across searches."""
    return tuple(_latin_variants(_greek_to_latin(word)))


def normalise(text: str | None) -> str:
    """The search key of `text`: one phonetic Latin key per word, separated by spaces.

    Used on the stored search column and on queries alike; see the module docstring.
    """
    return " ".join(_word_variants(word)[0] for word in _WORD.findall(fold(text)))


def search_document(names: Iterable[str | None], texts: Iterable[str | None]) -> str:
    """The stored search column: ``/ name key / name key / | body key``.

    `names` are the record's names in every language (and short names), at most MAX_NAMES;
    `texts` the rest. Empty values are left out.
    """
    names = list(names)
    if len(names) > MAX_NAMES:
        raise ValueError(f"at most {MAX_NAMES} names are searched as names, not {len(names)}")
    name_keys = [key for key in (normalise(name) for name in names) if key]
    body = normalise(" ".join(text for text in texts if text))
    head = f"{NAME_SEP} " + "".join(f"{key} {NAME_SEP} " for key in name_keys)
    return f"{head}{BODY_SEP} {body}".rstrip()


def _stem(key: str) -> str:
    if len(key) < 3:
        # Two letters as a substring would match nearly everything (and no trigram index
        # helps): short words match only at the start of a word.
        return " " + key
    if len(key) <= STEM_MIN:
        return key
    return key[: max(STEM_MIN, len(key) - 3)]


_STOP_KEYS = frozenset(normalise(_STOPWORDS).split())

# English names that sound nothing like the Greek ones: a query for the English name
# also finds the Greek (most records have Greek names only).
_EXONYMS = [
    ("Athens", "Αθήνα"),
    ("Piraeus", "Πειραιάς"),
    ("Heraklion", "Ηράκλειο"),
    ("Crete", "Κρήτη"),
    ("Greek", "ελληνικά"),
    ("English", "αγγλικά"),
]
# Words people search with for what the directory names otherwise: "βοήθεια" (help) for the
# category "Νομική συνδρομή" (assistance).
_SYNONYMS = [
    ("βοήθεια", "συνδρομή"),
]
_ALIASES = {normalise(word): _stem(normalise(other)) for word, other in [*_EXONYMS, *_SYNONYMS]}


def query_words(query: str | None) -> list[list[str]]:
    """The useful words of a query, each as its alternative stems (any may match).

    Stop words and one-letter words are dropped; at most `MAX_QUERY_WORDS` words are kept.
    An empty list means the query cannot find anything useful.
    """
    words: list[list[str]] = []
    seen: set[str] = set()
    for word in _WORD.findall(fold(query)):
        variants = _word_variants(word)
        canonical = variants[0]
        if canonical in _STOP_KEYS or canonical in seen:
            continue
        if len(canonical) < 2 and not canonical.isdigit():
            continue
        seen.add(canonical)
        stems = [_stem(v) for v in variants]
        if canonical in _ALIASES:
            stems.append(_ALIASES[canonical])
        words.append(list(dict.fromkeys(stems)))
        if len(words) == MAX_QUERY_WORDS:
            break
    return words


def query_key(query: str | None) -> str:
    """The canonical key of the query's useful words, unstemmed (for exact-name ranking)."""
    keys = []
    for word in _WORD.findall(fold(query)):
        key = _word_variants(word)[0]
        if key not in _STOP_KEYS and (len(key) >= 2 or key.isdigit()):
            keys.append(key)
    return " ".join(keys[:MAX_QUERY_WORDS])


def search_q(query: str | None, *fields: str) -> Q | None:
    """A filter requiring every useful query word, in any order; None if there is none.

    A word matches when any of its alternative stems is a substring of any of `fields`
    (default: ``search_text``; e.g. ``"search_text", "organisation__search_text"`` lets a
    service match on its provider's text too).
    """
    words = query_words(query)
    if not words:
        return None
    fields = fields or ("search_text",)
    condition = Q()
    for alternatives in words:
        either = Q()
        for stem in alternatives:
            for field in fields:
                either |= Q(**{f"{field}__contains": stem})
        condition &= either
    return condition


def search_names_field() -> models.GeneratedField:
    """The names part of `search_text` (``/ name key / name key / |``), kept by the database.

    The site search reads it from an index in name-length order without the rest of the text
    (accmr.search); its length is the bar's position in `search_text`.
    """
    return models.GeneratedField(
        expression=Left("search_text", StrIndex("search_text", Value(BODY_SEP))),
        output_field=models.TextField(),
        db_persist=True,
    )


class SearchTextMixin:
    """For a model with a `search_text` column and a `build_search_text()` method: every save
    writes the column from it, the one place it is written. Code that writes rows without
    save() (bulk_create, update) must call build_search_text() itself, or
    rebuild_search_text() afterwards."""

    search_text: str
    # Relations build_search_text() reads, fetched with the rows when rebuilding many.
    search_text_related: tuple[str, ...] = ()

    def build_search_text(self) -> str:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)


def rebuild_search_text(rows, batch: int = 2000) -> int:
    """Rewrite the search column of `rows` (a queryset of a SearchTextMixin model) where it
    differs from build_search_text(); returns how many rows changed. bulk_update sends no
    signals: callers that change public content also change (and save) what made it stale."""
    model = rows.model
    rows = rows.select_related(*model.search_text_related)
    changed, total = [], 0
    for obj in rows.iterator(chunk_size=batch):
        text = obj.build_search_text()
        if text != obj.search_text:
            obj.search_text = text
            changed.append(obj)
        if len(changed) >= batch:
            model.objects.bulk_update(changed, ["search_text"])
            total, changed = total + len(changed), []
    model.objects.bulk_update(changed, ["search_text"])
    return total + len(changed)
