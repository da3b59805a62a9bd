"""Whole-page caching for anonymous visitors, invalidated by a content version.

A public page costs several queries and a template render; most visitors are anonymous and see
exactly the same bytes. `@cache_public_page` keeps the rendered response in the default cache
(Redis when REDIS_URL is set, local memory otherwise) under a key made of the content version,
the language and the full URL. Every change to a content record bumps the version
(`bump_content_version()`), so the next request after an approval misses the cache and renders
fresh: a visitor never sees a page older than the last change. Old entries are never read again
and expire after CACHE_TTL seconds.

The key holds the query string sorted, and a page is only stored when the view read every
parameter of its query (its filter form did): a made-up parameter (`?junk=1`, `?junk=2`...) is
served but never stored, so nobody can fill the cache with copies of one page. What is left,
many searches or filter combinations, is bounded by Redis' `maxmemory` (docker-compose.yml).

The page is not cached, and not served from the cache, when:
- PAGE_CACHE is off (settings/env), or the request is not GET/HEAD;
- the visitor is logged in, or has messages waiting (they belong to that visitor);
- the response is not a 200, streams, sets a cookie, says private/no-store, or is personal in a
  way the view cannot see: it used the CSRF token (a form) or a CSP nonce, or touched the session.

Without REDIS_URL each process keeps pages in its own memory, but the content version lives in
one place for every process on the host (CACHES["version"]: a file), read on each request: a
change made by any gunicorn worker, the queue worker or a command empties every process's pages
at once. So PAGE_CACHE is on by default in every set-up. Several hosts need a shared Redis.

Anonymous, shareable pages are also sent compressed (brotli or gzip, `Vary: Accept-Encoding`),
with or without PAGE_CACHE, compressed once and stored beside the page. Only those: a page with
a CSRF token or for a logged-in visitor carries a secret, and compressing a secret beside text
an attacker controls (a search) leaks it (BREACH); those go through uncompressed.

The content models are listed in CONTENT_MODELS; `connect_signals()` (called from
AccmrConfig.ready) bumps the version from their post_save, post_delete and m2m_changed signals.
That is the one use of signals here: cache invalidation, no business logic. Code that changes
content without signals (`QuerySet.update()`, `bulk_create()`, raw SQL) must call
`bump_content_version()` itself.
"""

import gzip
import hashlib
import logging
import pickle
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import TypeVar
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import translation
from django.utils.cache import cc_delim_re, patch_vary_headers

try:  # optional: brotli when installed (it is in the lock file), gzip always
    import brotli
except ImportError:  # pragma: no cover - the lock file installs it
    brotli = None

T = TypeVar("T")
K = TypeVar("K")
logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:content-version"
# Pages smaller than this are sent as they are (compression would save too little).
MIN_COMPRESS_BYTES = 860
CACHE_HEADER = "X-Page-Cache"

# Records shown on public pages. A model here bumps the content version whenever a row of it is
# saved or deleted (and whenever one of its many-to-many relations changes).
CONTENT_MODELS = (
    "members.OrganisationType",
    "members.ServiceCategory",
    "members.PopulationGroup",
    "members.Language",
    "members.Organisation",
    "members.Location",
    "members.Service",
    "members.Schedule",
    "members.Closure",
    "network.Municipality",
    "network.Structure",
    "network.GoodPractice",
    "bulletin.Activity",
    "bulletin.NewsPost",
    "bulletin.OpenCall",
    "bulletin.Publication",
)
# Models of the content apps that public pages never show; a change to them leaves pages valid.
# tests/accmr/test_page_cache.py fails when a model of members/, network/ or bulletin/ is in
# neither list.
NOT_CONTENT_MODELS = (
    "members.EditorMembership",
    "members.Invitation",
    "members.ChangeRequest",
    "members.ProblemReport",
    # An editor's "everything is still correct", kept for undo; the dates it sets are on the
    # organisation and its services.
    "members.Confirmation",
    # The import queue's record of an uploaded file; the records it imports bump the version.
    "members.ImportJob",
    # Members-only and personal: never on a cached (anonymous) page.
    "bulletin.CallAnswer",
    "bulletin.OrganisationMembersInfo",
    "bulletin.ServiceMembersInfo",
    "bulletin.DigestPreference",
    "bulletin.DigestDelivery",
)


def _versions():
    """Where the content version lives: one place for every process (settings, CACHES)."""
    return caches["version"] if "version" in settings.CACHES else cache


# Inside a request (accmr.middleware.ContentVersionMiddleware), the version read first is the
# one every remembered part of the page uses: one read per request instead of one per part (a
# file read or a Redis round trip each), and one consistent page.
_request_version: ContextVar[dict | None] = ContextVar("request_content_version", default=None)


@contextmanager
def one_content_version() -> Iterator[None]:
    """Within the block, content_version() is read once and kept; a bump in the block moves
    it on."""
    token = _request_version.set({})
    try:
        yield
    finally:
        _request_version.reset(token)


def content_version() -> int:
    """The current content version (created on first use, or after the cache lost it)."""
    held = _request_version.get()
    if held:
        return held["version"]
    version = _read_content_version()
    if held is not None:
        held["version"] = version
    return version


def _read_content_version() -> int:
    versions = _versions()
    version = versions.get(VERSION_KEY)
    if version is None:
        # Time-based start: if the key was evicted, the new version is still newer than any
        # version an older cached page was stored under.
        versions.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = versions.get(VERSION_KEY)
    return version


class Memo:
    """What this process remembered, kept as objects: a remembered value read from the cache
    is unpickled on every read (the vocabularies' 150 terms, twenty cards with their hours),
    which cost more than the page around them. The keys carry the content version, so an entry
    is never stale; each keeps the expiry it has in the cache, and beyond MEMO_ENTRIES the
    oldest go first. Remembered values are shared: callers must not change them."""

    def __init__(self, size: int):
        self.size = size
        self.entries: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys) -> dict:
        now, found = time.monotonic(), {}
        with self.lock:
            for key in keys:
                entry = self.entries.get(key)
                if entry is not None and entry[0] > now:
                    found[key] = entry[1]
        return found

    def set_many(self, values: dict, seconds: int) -> None:
        expires = time.monotonic() + seconds
        with self.lock:
            for key, value in values.items():
                self.entries[key] = (expires, value)
                self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()


MEMO_ENTRIES = 5000
_memo = Memo(MEMO_ENTRIES)
# The pages this process served or stored last, as stored (pickled: each hit unpickles its own
# copy to send): a hit then reads no 50 KB entry from Redis.
MEMO_PAGES = 300
_pages = Memo(MEMO_PAGES)


def forget_remembered() -> None:
    """Empty this process's memory of remembered values and pages (tests; the cache is
    emptied apart)."""
    _memo.clear()
    _pages.clear()


def remember(name: str, compute: Callable[[], T], *, seconds: int | None = None) -> T:
    """`compute()`, kept in the cache until the content changes.

    For figures that cost more than the page around them (counts and dates over every
    published record). The key holds the content version every process shares, so a change
    shows at once either way. With PAGE_CACHE on, a value lasts CACHE_TTL; with it off
    (caching chosen away), only when the caller passes `seconds`, and that long at most;
    otherwise it is computed on every call. Each process also keeps what it read or computed
    as objects (Memo), so that it is not unpickled again on the next request.
    """
    return remember_many({None: name}, lambda missing: {None: compute()}, seconds=seconds)[None]


def remember_many(
    names: dict[K, str], compute: Callable[[list[K]], dict[K, T]], *, seconds: int | None = None
) -> dict[K, T]:
    """`remember()` for many values at once: `names` maps each wanted item to its name; one
    cache read for all of them, then `compute(missing items)` once for those not kept, which
    returns a value for each item that still exists (an item left out is simply absent)."""
    if not remembers(seconds=seconds):
        return compute(list(names))
    timeout = settings.CACHE_TTL if getattr(settings, "PAGE_CACHE", False) else seconds
    version = content_version()
    keys = {item: f"remember:{version}:{name}" for item, name in names.items()}
    found = _memo.get_many(keys.values())
    wanted = [key for key in keys.values() if key not in found]
    if wanted:
        shared = cache.get_many(wanted)
        _memo.set_many(shared, timeout)
        found.update(shared)
    values = {item: found[key] for item, key in keys.items() if key in found}
    missing = [item for item in names if item not in values]
    if missing:
        computed = {keys[item]: value for item, value in compute(missing).items()}
        cache.set_many(computed, timeout)
        _memo.set_many(computed, timeout)
        values.update({item: computed[keys[item]] for item in missing if keys[item] in computed})
    return values


def remembers(*, seconds: int | None = None) -> bool:
    """Whether `remember(…, seconds=seconds)` keeps anything (else it computes every time)."""
    return bool(getattr(settings, "PAGE_CACHE", False) or seconds)


# Called after every bump of the content version, so after the commit of a change: what else
# follows the content (members.hsds queues the build of the open-data files). Apps add theirs
# in AppConfig.ready(); accmr knows no app.
CONTENT_CHANGED_HOOKS: list[Callable[[], None]] = []


def bump_content_version() -> int:
    """Make every cached page stale. Call after any change to content shown on public pages."""
    versions = _versions()
    try:
        version = versions.incr(VERSION_KEY)
    except ValueError:  # no version yet (fresh or evicted cache)
        version = time.time_ns() // 1000
        versions.set(VERSION_KEY, version, timeout=None)
    held = _request_version.get()
    if held is not None:
        held["version"] = version  # the rest of this request sees its own change
    for hook in CONTENT_CHANGED_HOOKS:
        try:
            hook()
        except Exception:  # noqa: BLE001 - the change is committed; a hook must not undo the page
            logger.exception("content-changed hook %s failed", getattr(hook, "__name__", hook))
    return version


def _bump_on_signal(sender, **kwargs) -> None:
    # After the commit, not at save time: a request that read the version between the save and
    # the commit would otherwise store the old rows under the new version.
    transaction.on_commit(bump_content_version, robust=True)


def connect_signals() -> None:
    for label in CONTENT_MODELS:
        model = apps.get_model(label)
        uid = f"accmr.cache:{label}"
        post_save.connect(_bump_on_signal, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_bump_on_signal, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _bump_on_signal, sender=through, dispatch_uid=f"{uid}:{field.name}:m2m"
            )


def _page_key(request: HttpRequest, version: int) -> str:
    # The query in a normal form (sorted), so `?b=2&a=1` and `?a=1&b=2` are one entry.
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    url = f"{request.scheme}://{request.get_host()}{request.path}?{query}"
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    # "pickled-page:" (not the older "page-cache:" and "page:"): entries hold the pickled
    # (response, compressed bodies).
    return f"pickled-page:{version}:{translation.get_language()}:{digest}"


class _ReadRecordingQueryDict(QueryDict):
    """request.GET that notes which parameters the view read (by name: `get`, `getlist`,
    `[]`, `in`), so the page cache can tell a filter the page knows from a made-up one."""

    def __init__(self, *args, **kwargs):
        self.read: set[str] = set()
        super().__init__(*args, **kwargs)
        self.read.clear()  # parsing the query string is no reading by the view

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def _getlist(self, key, *args, **kwargs):
        self.read.add(key)
        return super()._getlist(key, *args, **kwargs)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)


def _record_reads(request: HttpRequest) -> _ReadRecordingQueryDict:
    recording = _ReadRecordingQueryDict(request.META.get("QUERY_STRING", ""))
    request.GET = recording
    return recording


def declare_parameters(request: HttpRequest, names) -> None:
    """Parameters a cached view reads before the page cache sees the request (the HSDS API
    validates its query in a wrapper around the cached part)."""
    request._page_cache_parameters = frozenset(names)


def _unknown_parameters(request: HttpRequest, query: _ReadRecordingQueryDict) -> bool:
    known = query.read | getattr(request, "_page_cache_parameters", frozenset())
    return any(key not in known for key in query)


def _has_messages(request: HttpRequest) -> bool:
    storage = getattr(request, "_messages", None)
    # len() loads the waiting messages without marking them as shown.
    return storage is not None and len(storage) > 0


def _response_is_cacheable(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or _has_messages(request):
        return False
    cache_control = {
        part.split("=", 1)[0].strip().lower()
        for part in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & {"private", "no-store", "no-cache"}:
        return False
    # The page contains something made for this visitor alone.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    if isinstance(getattr(request, "_csp_nonce", None), str):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _shareable_request(request: HttpRequest) -> bool:
    """A request whose answer may be the same for everyone: GET/HEAD by an anonymous
    visitor with no messages waiting."""
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    return not _has_messages(request)


# How hard to compress: a page stored in the cache is compressed once and sent many times;
# a page sent once (PAGE_CACHE off, or a page not stored) is compressed on its request, where
# brotli at quality 1 costs 0.1–0.5 ms and saves about as much as gzip at level 6 (1–3.5 ms),
# measured on the services list, a service page and an HSDS page (bench/RESULTS.md).
STORED_LEVELS = {"br": 4, "gzip": 6}
SENT_ONCE_LEVELS = {"br": 1, "gzip": 1}


def _compressed(response: HttpResponse, levels: dict[str, int]) -> dict[str, bytes]:
    """The page's body in each of the encodings of `levels` worth sending (when it saves
    bytes), each at its level."""
    body = response.content
    if len(body) < MIN_COMPRESS_BYTES:
        return {}
    encoded = {}
    if "br" in levels and brotli is not None:
        encoded["br"] = brotli.compress(body, quality=levels["br"])
    if "gzip" in levels:
        encoded["gzip"] = gzip.compress(body, compresslevel=levels["gzip"], mtime=0)
    return {name: data for name, data in encoded.items() if len(data) < len(body)}


def _sent_once_levels(request: HttpRequest) -> dict[str, int]:
    """For a page sent once: only the best encoding the client takes, compressed fast."""
    best = _accepted_names(request)[:1]
    return {name: SENT_ONCE_LEVELS[name] for name in best}


def _accepted_names(request: HttpRequest) -> tuple[str, ...]:
    """The encodings we offer that the client accepts, the best first (brotli, then gzip)."""
    offered = {}
    for part in request.META.get("HTTP_ACCEPT_ENCODING", "").split(","):
        name, _, params = part.strip().partition(";")
        params = params.strip()
        try:
            quality = float(params.removeprefix("q=")) if params.startswith("q=") else 1.0
        except ValueError:
            continue
        offered[name.strip().lower()] = quality
    return tuple(name for name in ("br", "gzip") if offered.get(name, offered.get("*", 0)) > 0)


def _accepted(request: HttpRequest, encodings: dict[str, bytes]) -> str | None:
    """The best encoding of `encodings` the client accepts."""
    return next((name for name in _accepted_names(request) if name in encodings), None)


def _serve(request: HttpRequest, response: HttpResponse, encodings: dict[str, bytes]):
    """`response`, compressed when the client takes it. Only for pages that carry no
    secret (BREACH): callers pass encodings only for shareable anonymous pages."""
    if response.has_header("Content-Encoding") or len(response.content) < MIN_COMPRESS_BYTES:
        return response  # sent as it is to everyone: no Vary
    patch_vary_headers(response, ["Accept-Encoding"])
    name = _accepted(request, encodings)
    if name is not None:
        response.content = encodings[name]
        response["Content-Encoding"] = name
        response["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and not etag.startswith("W/"):
            response["ETag"] = f"W/{etag}"  # the bytes differ from the plain page's
    return response


def _store_page(key: str, response: HttpResponse, encodings: dict[str, bytes]) -> None:
    """Keep the page pickled once, in the cache and in this process (_pages)."""
    stored = pickle.dumps((response, encodings))
    cache.set(key, stored, settings.CACHE_TTL)
    _pages.set_many({key: stored}, settings.CACHE_TTL)


def _stored_page(key: str):
    """(response, encodings) stored under `key`, a copy of their own: from this process's
    memory, else from the cache."""
    stored = _pages.get_many([key]).get(key)
    if stored is None:
        stored = cache.get(key)
        if stored is None:
            return None
        _pages.set_many({key: stored}, settings.CACHE_TTL)
    return pickle.loads(stored)  # noqa: S301 - our own bytes, never a visitor's


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's response from the cache to anonymous visitors (see module docstring),
    compressed when the client accepts it (whether or not PAGE_CACHE is on)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _shareable_request(request):
            return view(request, *args, **kwargs)
        page_cache = getattr(settings, "PAGE_CACHE", False)
        if page_cache:
            key = _page_key(request, content_version())
            stored = _stored_page(key)
            if stored is not None:
                response, encodings = stored
                response[CACHE_HEADER] = "hit"
                return _serve(request, response, encodings)
            query = _record_reads(request)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()  # a TemplateResponse: cache the rendered page
        if not _response_is_cacheable(request, response):
            return response
        if not page_cache:  # sent once
            return _serve(request, response, _compressed(response, _sent_once_levels(request)))
        if _unknown_parameters(request, query):
            # A parameter the page never read (`?x=1`, `?x=2`, …): the same page under
            # endless keys. It is served, but not stored.
            response[CACHE_HEADER] = "skip"
            return _serve(request, response, _compressed(response, _sent_once_levels(request)))
        encodings = _compressed(response, STORED_LEVELS)  # stored: every encoding, once
        _store_page(key, response, encodings)
        response[CACHE_HEADER] = "miss"
        return _serve(request, response, encodings)

    return wrapper
