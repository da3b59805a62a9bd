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
there and spares a full key read for lists nobody pages through.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from accmr.cache import remember, remembers
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


def _seconds() -> int:
    return settings.DATA_CACHE_SECONDS


def remembered_count(items: QuerySet, key: str | None = None) -> int:
    """`items.count()`, kept until the content changes."""
    key = key or list_key(items)
    return remember(f"list-count:{key}", items.order_by().count, seconds=_seconds())


def _keys_chunk(items: QuerySet, key: str, chunk: int) -> list:
    """Primary keys of rows chunk*CHUNK … (chunk+1)*CHUNK-1 of the ordered list."""

    def every_chunk():
        keys = list(items.prefetch_related(None).values_list("pk", flat=True))
        return [keys[i : i + CHUNK] for i in range(0, len(keys), CHUNK)] or [[]]

    def compute():
        chunks = every_chunk()
        # Read once, kept chunk by chunk: the neighbours are there when the visitor pages on.
        for number, rows in enumerate(chunks):
            if number != chunk:
                remember(f"list-keys:{key}:{number}", lambda rows=rows: rows, seconds=_seconds())
        return chunks[chunk] if chunk < len(chunks) else []

    return remember(f"list-keys:{key}:{chunk}", compute, seconds=_seconds())


def page_of_list(items: QuerySet, number: str | None, per_page: int) -> Page:
    """Page `number` of the ordered queryset `items` (or the nearest that exists), with the
    count and the keys of deep pages from the cache (module docstring). The page's rows are
    read once, here, with everything `items` selects and prefetches."""
    key = list_key(items)
    paginator = Paginator(items, per_page)
    paginator.count = remembered_count(items, key)  # Paginator.count is a cached_property
    page = paginator.get_page(min(wanted_page(number), paginator.num_pages))
    if page.number <= OFFSET_PAGES or not remembers(seconds=_seconds()):
        page.object_list = list(page.object_list)
        return page
    start = (page.number - 1) * per_page
    chunk, offset = divmod(start, CHUNK)
    keys = []
    while len(keys) < per_page:  # a page may run over into the next chunk(s)
        rows = _keys_chunk(items, key, chunk)[offset : offset + per_page - len(keys)]
        if not rows:
            break
        keys += rows
        chunk, offset = chunk + 1, 0
    rows = {row.pk: row for row in items.filter(pk__in=keys).order_by()}
    page.object_list = [rows[pk] for pk in keys if pk in rows]
    return page
