"""Pages of a long directory list at the cost of its first page (issue 18).

A list page with OFFSET costs PostgreSQL every row before it: page 2,000 of the services list
made it join and skip 40,000 wide rows (450 ms, against 0.6 ms for page 1), and the count of
the filtered list under it cost 35–50 ms on every page. Here both come from the cache, kept
under the content version (`accmr.cache.remember`), so they stay exact until content changes:

- the count of a list is one COUNT query the first time, then a cache read;
- a page past the first few reads its 20 rows by primary key: the ordered keys of the whole
  list are read once (one narrow query, keys only), kept in chunks of CHUNK rows, and a page
  needs one chunk. Any filter and any order work alike, because the cache key is the list's
  own SQL. Page URLs stay `?page=N`: page N is the same rows for as long as the content is.

The first pages (up to OFFSET_PAGES) are read with OFFSET, which is as cheap as a key lookup
there and spares a full key read for lists nobody pages through; their keys are kept too.
A page holds its rows' keys alone: the lists show each row from what they keep by key
(members.cards), so once a list is known none of its pages reads the database.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import get_language

from accmr.cache import Memo, content_version, remember, remembers
from accmr.lib.pagination import wanted_page

# Rows per cached chunk of ordered keys (8 KB of keys: one cache read per deep page).
CHUNK = 1000
# Pages read with OFFSET before keys are used (OFFSET over 200 rows costs about 2 ms).
OFFSET_PAGES = 10


def list_key(items: QuerySet) -> str:
    """The list's identity: its SQL and parameters (so every filter and order has its own)."""
    try:
        sql, params = items.query.sql_with_params()
    except EmptyResultSet:  # `.none()`, or a filter on an empty list: nothing to read
        sql, params = "EMPTY", ()
    text = f"{items.db}\n{sql}\n{params!r}"
    return hashlib.sha256(text.encode()).hexdigest()[:32]


# The keys of the lists this process showed last, by their description (page_of_list's
# `described_by`): compiling a list's SQL only to name it cost 1.2–1.8 ms a request. The
# description holds the content version, so an entry is never stale; the oldest go first.
KEYS_KEPT = 1000
_keys_by_description = Memo(KEYS_KEPT)


def list_description(request: HttpRequest, *more) -> tuple:
    """What makes a public list's SQL what it is, as its view builds it from the request: the
    query string but the page, and `more` (the clock the list reads)."""
    query = sorted((name, tuple(values)) for name, values in request.GET.lists() if name != "page")
    return (request.path, tuple(query), *more)


def described_list_key(items: QuerySet, described_by: tuple | None) -> str:
    """list_key(items), or the key already worked out for the same description, language
    (translated names sort by their own column) and content version (the vocabularies the
    filters read). `described_by` (list_description()) must determine `items` wholly, and
    name no other queryset."""
    if described_by is None:
        return list_key(items)
    description = (content_version(), get_language(), items.db, described_by)
    key = _keys_by_description.get_many([description]).get(description)
    if key is None:
        key = list_key(items)
        _keys_by_description.set_many({description: key}, seconds=24 * 60 * 60)
    return key


def _seconds() -> int:
    return settings.DATA_CACHE_SECONDS


def remembered_count(items: QuerySet, key: str | None = None) -> int:
    """`items.count()`, kept until the content changes."""
    key = key or list_key(items)
    return remember(f"list-count:{key}", items.order_by().count, seconds=_seconds())


def _keys(items: QuerySet) -> QuerySet:
    """The primary keys of `items`, in its order."""
    return items.prefetch_related(None).values_list("pk", flat=True)


def _keys_chunk(items: QuerySet, key: str, chunk: int) -> list:
    """Primary keys of rows chunk*CHUNK … (chunk+1)*CHUNK-1 of the ordered list."""

    def every_chunk():
        keys = list(_keys(items))
        return [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)] or [[]]

    def compute():
        chunks = every_chunk()
        # Read once, kept chunk by chunk: the neighbours are there when the visitor pages on.
        for number, rows in enumerate(chunks):
            if number != chunk:
                remember(f"list-keys:{key}:{number}", lambda rows=rows: rows, seconds=_seconds())
        return chunks[chunk] if chunk < len(chunks) else []

    return remember(f"list-keys:{key}:{chunk}", compute, seconds=_seconds())


def page_of_list(
    items: QuerySet, number: str | None, per_page: int, *, described_by: tuple | None = None
) -> Page:
    """Page `number` of the ordered queryset `items` (or the nearest that exists), with the
    count and the keys of its rows from the cache (module docstring).

    The rows come as `items.only("pk")` would read them: instances holding their primary key
    alone, for the caller to show from what it keeps by key (members.cards); any other field
    is read from the database on access. Once the list is known, a page reads nothing.

    `described_by` (list_description()), when given, must determine `items` wholly, as the
    view's only input: the list's key is then worked out once per description instead of
    from its SQL on every request."""
    key = described_list_key(items, described_by)
    paginator = Paginator(items, per_page)
    paginator.count = remembered_count(items, key)  # Paginator.count is a cached_property
    page = paginator.get_page(min(wanted_page(number), paginator.num_pages))
    keys = keys_of_rows(items, key, (page.number - 1) * per_page, per_page)
    model = items.model
    page.object_list = [model.from_db(items.db, [model._meta.pk.attname], [pk]) for pk in keys]
    return page


def keys_of_rows(items: QuerySet, key: str, start: int, size: int) -> list:
    """The primary keys of rows start … start+size-1 of the ordered `items`, whose list_key
    is `key`: read with OFFSET on the first pages, else from the chunks of every key (module
    docstring); kept either way."""
    if start < OFFSET_PAGES * size or not remembers(seconds=_seconds()):
        return remember(
            f"list-page:{key}:{start}:{size}",
            lambda: list(_keys(items)[start : start + size]),
            seconds=_seconds(),
        )
    chunk, offset = divmod(start, CHUNK)
    keys = []
    while len(keys) < size:  # a page may run over into the next chunk(s)
        rows = _keys_chunk(items, key, chunk)[offset : offset + size - len(keys)]
        if not rows:
            break
        keys += rows
        chunk, offset = chunk + 1, 0
    return keys
