"""The open data's pages: the HSDS 3.0 API (JSON and NDJSON) and the downloads page.

API: every endpoint of HSDS 3.0's OpenAPI document, as our own document says
(/api/hsds/openapi.json, members/hsds/openapi.json). Ids are UUIDs; the integer ids of the
first version of the API answer 301 to the UUID address for a transition period. HSDS is
single-language: `?lang=el` (the default) or `?lang=en` chooses the language of every text.
Lists are paged (`page`, `per_page` up to 500); `format=ndjson` streams the whole collection,
one object per line. Errors are JSON, in English unless `lang` asks for Greek. Responses carry
an ETag and Last-Modified (a conditional GET gets 304) and `Access-Control-Allow-Origin: *`.

Downloads (/<lang>/data/) and `?format=ndjson`: the files members.hsds.files builds outside
requests, served as stored files (ETag, Range); 503 with Retry-After before the first build.

Why one module of about 670 lines: every endpoint shares one decorator (methods, parameters,
ETag, CORS, limits), one paging helper and the error rules, and each endpoint is a few lines on
top of them; the downloads share the file serving.

Per client address (accmr.lib.client_ip): API_REQUESTS_PER_MINUTE requests to the API and
BULK_DOWNLOADS_PER_HOUR whole-directory files (downloads and `?format=ndjson`); beyond, 429 with
Retry-After. An API page from the page cache, or a 304, is not counted (see hsds_endpoint).
"""

import copy
import functools
import gzip
import hashlib
import json
import math
import uuid
from collections.abc import Callable, Iterable, Iterator
from functools import wraps
from http import HTTPStatus
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from accmr.cache import Memo, cache_public_page, declare_parameters, remember, remember_many
from accmr.lib.origin import current_origin, site_origin
from accmr.lib.ratelimit import Limit
from accmr.lib.stored_files import serve_stored_file
from accmr.listing import described_list_key, keys_of_rows, remembered_count
from members.hsds.files import PACKAGES, TABLES, bulk_file_name, file_names, stored_file
from members.hsds.serialisers import (
    HSDS_VERSION,
    LANGUAGES,
    TAXONOMIES,
    absolute_url,
    category_term_json,
    data_version,
    group_term_json,
    link_json,
    organization_json,
    public_organisations,
    public_service_locations,
    public_services,
    service_at_location_id,
    service_json,
    taxonomy_id,
    taxonomy_json,
    taxonomy_terms,
)
from members.models import Organisation, PopulationGroup, Service, ServiceCategory

DEFAULT_PER_PAGE = 50
# Until the first build, come back in a few minutes: the build is started by the deploy or a
# change of the data.
RETRY_AFTER_SECONDS = 300
MAX_PER_PAGE = 500


OPENAPI_FILE = Path(__file__).resolve().parent / "openapi.json"
ALLOWED = "GET, HEAD, OPTIONS"


class ApiParams(forms.Form):
    lang = forms.ChoiceField(choices=[(code, code) for code in LANGUAGES], required=False)
    page = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PER_PAGE, required=False)
    format = forms.ChoiceField(choices=[("json", "json"), ("ndjson", "ndjson")], required=False)
    # taxonomy_terms only (HSDS): narrow the list to one taxonomy, the children of one term,
    # or the top-level terms.
    taxonomy_id = forms.UUIDField(required=False)
    parent_id = forms.UUIDField(required=False)
    top_only = forms.ChoiceField(choices=[("true", "true"), ("false", "false")], required=False)


def error_language(request: HttpRequest) -> str:
    """Errors are for a machine's developer: English unless `lang` asks for a language."""
    asked = request.GET.get("lang", "")
    return asked if asked in LANGUAGES else "en"


# --- the HSDS API ------------------------------------------------------------------------


def _error(status: int, message, language: str = "en", details: dict | None = None) -> JsonResponse:
    """An API error as JSON ({"error": …, "details": {parameter: [messages]}})."""
    with translation.override(language):
        body = {"error": str(message)}
        if details:
            body["details"] = details
        response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Content-Language"] = language
    return response


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"  # open data, for every site
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Language"
    return response


def hsds_endpoint(view: Callable) -> Callable:
    """GET/HEAD only, CORS, `lang`/paging validation, ETag and Last-Modified (304).

    JSON pages are kept in the page cache like public pages (until the content changes);
    NDJSON streams are not.

    The per-client limit counts the requests that make the server work: a page answered from
    the page cache, or a 304, is not counted. Either costs what /healthz costs, and what
    refusing it would cost (counting is a round trip to the shared cache), so counting it
    would protect nothing; a refused query string is counted, since checking it is work.
    """

    def counted_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not api_limit().hit_client(request):
            return _too_many(api_limit())
        return view(request, *args, **kwargs)

    cached_view = cache_public_page(counted_view)

    # Read-only: no method changes anything, so no CSRF check (it would answer 403 where
    # an unsupported method deserves its 405).
    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Max-Age"] = "86400"
            response["Allow"] = ALLOWED
            return _cors(response)
        language = error_language(request)
        if request.method not in ("GET", "HEAD"):
            message = _("Only GET, HEAD and OPTIONS are allowed.")
            response = _error(405, message, language)
            response["Allow"] = ALLOWED
            return _cors(response)
        params = _valid_params(request)
        if isinstance(params, ApiParams):  # refused: the form, with its errors
            if not api_limit().hit_client(request):
                return _cors(_too_many(api_limit()))
            with translation.override(language):
                details = {f: [str(e) for e in errors] for f, errors in params.errors.items()}
                return _cors(_error(400, _("Invalid query parameters."), language, details))
        declare_parameters(request, ApiParams.base_fields)
        language = params["lang"] or settings.LANGUAGE_CODE
        last_modified, fingerprint = remember(
            "hsds-data-version", data_version, seconds=settings.DATA_CACHE_SECONDS
        )
        query = "&".join(f"{k}={v}" for k, v in sorted(request.GET.items()))
        digest = hashlib.sha256(f"{request.path}?{query}|{fingerprint}".encode()).hexdigest()
        etag = f'"{digest[:32]}"'
        timestamp = int(last_modified.timestamp()) if last_modified else None
        not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
        if not_modified is not None:
            return _cors(not_modified)
        token = current_origin.set(site_origin(request))
        try:
            with translation.override(language):
                response = cached_view(request, params, language, *args, **kwargs)
        finally:
            current_origin.reset(token)
        if response.status_code == HTTPStatus.TOO_MANY_REQUESTS:
            return _cors(response)  # no validators: it is not the page
        response["ETag"] = etag
        if timestamp:
            response["Last-Modified"] = http_date(timestamp)
        response["Content-Language"] = language
        response["Cache-Control"] = "public, max-age=300"
        return _cors(response)

    wrapper.allowed_methods = ("GET", "HEAD", "OPTIONS")  # for accmr.middleware
    wrapper.answers_405 = True  # in JSON, above: accmr.middleware leaves it to us
    return wrapper


# Query strings whose parameters were found valid, with what they clean to: building and
# checking the form was a fifth of an API page served from the page cache. Values are
# immutable once cleaned (str, int, UUID), and only valid query strings are kept.
_valid_queries = Memo(1000)


def _valid_params(request: HttpRequest) -> dict | ApiParams:
    """The request's cleaned parameters, or the bound form with its errors."""
    query = tuple(sorted((name, tuple(values)) for name, values in request.GET.lists()))
    params = _valid_queries.get_many([query]).get(query)
    if params is None:
        form = ApiParams(request.GET)
        if not form.is_valid():
            return form
        params = form.cleaned_data
        _valid_queries.set_many({query: params}, seconds=24 * 60 * 60)
    return dict(params)  # a copy: callers may add to theirs


def api_limit() -> Limit:
    return Limit("hsds-api", count=settings.API_REQUESTS_PER_MINUTE, seconds=60)


def bulk_limit() -> Limit:
    return Limit("bulk-download", count=settings.BULK_DOWNLOADS_PER_HOUR, seconds=60 * 60)


def _too_many(limit: Limit) -> JsonResponse:
    response = _error(429, "Too many requests from your address; please slow down.")
    response["Retry-After"] = str(limit.retry_after())
    return response


def _not_built_yet() -> JsonResponse:
    response = _error(503, "The bulk files are being prepared; please try again later.")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _bulk_ndjson(request: HttpRequest, collection: str, language: str) -> HttpResponse:
    """A whole collection as NDJSON, from the built file: sent gzipped to clients that take
    it (no work for the server), decompressed on the fly for the others."""
    if not bulk_limit().hit_client(request):
        return _too_many(bulk_limit())
    found = stored_file(bulk_file_name(collection, language))
    if found is None:
        return _not_built_yet()
    path, meta = found
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = serve_stored_file(
            request,
            default_storage,
            path,
            etag=meta["etag"],
            size=meta["size"],
            content_type="application/x-ndjson; charset=utf-8",
            headers={"Content-Encoding": "gzip"},
        )
    else:
        response = StreamingHttpResponse(
            _gunzipped(default_storage.open(path, "rb")),
            content_type="application/x-ndjson; charset=utf-8",
        )
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _gunzipped(handle) -> Iterator[bytes]:
    with handle, gzip.GzipFile(fileobj=handle) as lines:
        yield from iter(lambda: lines.read(64 * 1024), b"")


def _json(data) -> JsonResponse:
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


def _ndjson(items: Iterable, serialise: Callable, language: str) -> StreamingHttpResponse:
    origin = site_origin()

    def lines() -> Iterator[str]:
        # Runs while the response is sent, after the view returned: set the language
        # and the origin for absolute links here.
        token = current_origin.set(origin)
        try:
            with translation.override(language):
                for item in items:
                    yield json.dumps(serialise(item), ensure_ascii=False, cls=DjangoJSONEncoder)
                    yield "\n"
        finally:
            current_origin.reset(token)

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")


def _page(
    queryset,
    params: dict,
    serialise: Callable,
    language: str,
    *,
    bulk: str = "",
    request: HttpRequest | None = None,
) -> HttpResponse:
    """An HSDS page of `queryset` (or, with format=ndjson, every row).

    A `bulk` collection (the whole directory) comes from its built file at any size; the
    small fixed lists (taxonomies) are streamed as they are.
    """
    if params["format"] == "ndjson":
        if bulk:
            return _bulk_ndjson(request, bulk, language)
        if isinstance(queryset, QuerySet):
            queryset = queryset.iterator(chunk_size=500)
        return _ndjson(queryset, serialise, language)
    size = params["per_page"] or DEFAULT_PER_PAGE
    number = params["page"] or 1
    start = (number - 1) * size
    if isinstance(queryset, QuerySet):
        # The endpoint (its path) determines the queryset; language and content version are
        # in the key too (accmr.listing).
        key = described_list_key(queryset, (request.path,) if request else None)
        total = remembered_count(queryset, key)
        contents = _serialised_rows(queryset, key, start, size, serialise, language)
    else:
        total = len(queryset)
        contents = [_dumps(serialise(row)) for row in queryset[start : start + size]]
    total_pages = max(1, math.ceil(total / size))
    envelope = {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": number,
        "size": size,
        "first_page": number == 1,
        "last_page": number >= total_pages,
        "empty": not contents,
    }
    # The rows go in as the JSON text each was kept as: "contents" is the last member.
    body = f'{_dumps(envelope)[:-1]}, "contents": [{", ".join(contents)}]}}'
    return HttpResponse(body, content_type="application/json")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)


def _serialised_rows(
    queryset: QuerySet, list_key: str, start: int, size: int, serialise, language
) -> list[str]:
    """Rows start … start+size-1 of `queryset` (whose accmr.listing key is `list_key`) as
    JSON texts. Each record's text is kept until the content changes (per serialiser,
    language and origin, which its links carry), and so are the page's keys, so a known page
    reads nothing: serialising fifty services with their related rows cost more than the
    rest of the request, and naming the list by its SQL and reading its keys most of what
    was left."""
    keys = keys_of_rows(queryset, list_key, start, size)
    origin = current_origin.get()
    name = f"{serialise.__module__}.{serialise.__qualname__}"

    def compute(missing: list[int]) -> dict[int, str]:
        return {row.pk: _dumps(serialise(row)) for row in queryset.filter(pk__in=missing)}

    texts = remember_many(
        {key: f"hsds:{name}:{language}:{origin}:{key}" for key in keys},
        compute,
        seconds=settings.DATA_CACHE_SECONDS,
    )
    return [texts[key] for key in keys if key in texts]


def _pk(value: str) -> int | None:
    # ASCII digits only: str.isdigit() accepts "²" and "①", which int() refuses.
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if len(value) <= 36 else None
    except ValueError:
        return None


def _moved(request: HttpRequest, url_name: str, new_id) -> HttpResponse:
    """301 from a first-version integer id to the record's UUID (documented transition)."""
    url = reverse(url_name, kwargs={"pk": str(new_id)})
    query = request.META.get("QUERY_STRING", "")
    return HttpResponseRedirect(url + (f"?{query}" if query else ""), status=301)


def _not_found(params: dict, message) -> JsonResponse:
    return _error(404, message, params["lang"] or "en")


@hsds_endpoint
def about(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    base = reverse("hsds:about")
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": absolute_url(_profile_path(language)),
            "openapi_url": absolute_url(reverse("hsds:openapi")),
            "title": "ACCMR Portal: directory of services for migrants and refugees in Athens",
            "publisher": "Athens Coordination Center for Migrant and Refugee issues (ACCMR)",
            "licence": settings.OPEN_DATA_LICENCE,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
            "documentation": absolute_url(reverse("opendata:downloads")),
            "language": {
                "parameter": "lang",
                "default": settings.LANGUAGE_CODE,
                "available": list(LANGUAGES),
                "convention": (
                    "HSDS is single-language: every text is in the language asked for with "
                    "?lang=el (default) or ?lang=en. English texts fall back to Greek where a "
                    "record has no English version. Any other value is a 400 error. Errors "
                    "are in English unless lang asks for Greek. See the profile."
                ),
            },
            "rate_limits": {
                "requests_per_minute": settings.API_REQUESTS_PER_MINUTE,
                "bulk_files_per_hour": settings.BULK_DOWNLOADS_PER_HOUR,
                "beyond": "429 Too Many Requests with Retry-After",
            },
            "paging": {
                "parameters": ["page", "per_page"],
                "default_per_page": DEFAULT_PER_PAGE,
                "max_per_page": MAX_PER_PAGE,
            },
            "formats": {
                "json": "HSDS pages (default)",
                "ndjson": (
                    "?format=ndjson: everything, one record per line, from the bulk file "
                    "built after each change of the data (gzip-encoded when the client "
                    "accepts it; 503 with Retry-After until the first build)."
                ),
            },
            "ids": (
                "Every id is a UUID that never changes. The integer ids of the API's first "
                "version answer 301 to the UUID address until 2027-12-31."
            ),
            "endpoints": [
                absolute_url(base + path)
                for path in (
                    "services",
                    "organizations",
                    "service_at_locations",
                    "taxonomies",
                    "taxonomy_terms",
                )
            ],
        }
    )


@hsds_endpoint
def services(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    return _page(
        public_services(), params, service_json, language, bulk="services", request=request
    )


@hsds_endpoint
def service_detail(request: HttpRequest, params: dict, language: str, pk: str) -> HttpResponse:
    if _pk(pk):
        old = Service.objects.published().filter(pk=_pk(pk)).values_list("uuid", flat=True)
        if old:
            return _moved(request, "hsds:service_detail", old[0])
    service = public_services().filter(uuid=_uuid(pk)).first() if _uuid(pk) else None
    if service is None:
        return _not_found(params, _("No public service with this id."))
    return _json(service_json(service))


def _organisation_with_services(organisation: Organisation) -> dict:
    return organization_json(organisation, services=organisation.public_services)


@hsds_endpoint
def organizations(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    return _page(
        public_organisations(),
        params,
        organization_json,
        language,
        bulk="organizations",
        request=request,
    )


@hsds_endpoint
def organization_detail(request: HttpRequest, params: dict, language: str, pk: str) -> HttpResponse:
    queryset = public_organisations().prefetch_related(
        Prefetch(
            "services",
            queryset=Service.objects.published().order_by("pk"),
            to_attr="public_services",
        )
    )
    if _pk(pk):
        old = Organisation.objects.published().filter(pk=_pk(pk)).values_list("uuid", flat=True)
        if old:
            return _moved(request, "hsds:organization_detail", old[0])
    organisation = queryset.filter(uuid=_uuid(pk)).first() if _uuid(pk) else None
    if organisation is None:
        return _not_found(params, _("No public organisation with this id."))
    return _json(_organisation_with_services(organisation))


@hsds_endpoint
def service_at_locations(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    return _page(
        public_service_locations(),
        params,
        link_json,
        language,
        bulk="service_at_locations",
        request=request,
    )


@hsds_endpoint
def service_at_location_detail(
    request: HttpRequest, params: dict, language: str, pk: str
) -> HttpResponse:
    # A service-at-location's id is derived from the service's and the location's (see
    # serialisers.service_at_location_id), so it is found among the public pairs: one query
    # over two columns, and a hash per pair (about 50 ms for 50,000 pairs).
    old = pk.split("-") if pk.count("-") == 1 else []
    if len(old) == 2 and _pk(old[0]) and _pk(old[1]):
        pairs = public_service_locations().filter(service_id=_pk(old[0]), location_id=_pk(old[1]))
        link = pairs.first()
        if link is not None:
            new_id = service_at_location_id(link.service.uuid, link.location.uuid)
            return _moved(request, "hsds:service_at_location_detail", new_id)
    wanted = _uuid(pk)
    found = None
    if wanted is not None:
        pairs = public_service_locations().values_list("pk", "service__uuid", "location__uuid")
        for link_pk, service_uuid, location_uuid in pairs.iterator(chunk_size=2000):
            if service_at_location_id(service_uuid, location_uuid) == str(wanted):
                found = link_pk
                break
    link = public_service_locations().filter(pk=found).first() if found else None
    if link is None:
        return _not_found(params, _("No public service at a location with this id."))
    return _json(service_at_location_full_json(link))


def service_at_location_full_json(link) -> dict:
    """A service at a location with the service itself (HSDS's fully nested form)."""
    service = public_services().get(pk=link.service_id)
    item = link_json(link)
    item["service"] = service_json(service)
    return item


def _taxonomy_keys() -> dict[str, str]:
    return {taxonomy_id(key): key for key in TAXONOMIES}


@hsds_endpoint
def taxonomies(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    return _page(list(TAXONOMIES), params, taxonomy_json, language)


@hsds_endpoint
def taxonomy_detail(request: HttpRequest, params: dict, language: str, pk: str) -> HttpResponse:
    key = _taxonomy_keys().get(str(_uuid(pk))) if _uuid(pk) else None
    if key is None:
        return _not_found(params, _("No taxonomy with this id."))
    return _json(taxonomy_json(key))


@hsds_endpoint
def taxonomy_term_list(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    terms = taxonomy_terms()
    if params["taxonomy_id"]:
        terms = [t for t in terms if t["taxonomy_id"] == str(params["taxonomy_id"])]
    if params["parent_id"]:
        terms = [t for t in terms if t.get("parent_id") == str(params["parent_id"])]
    if params["top_only"] == "true":
        terms = [t for t in terms if "parent_id" not in t]
    return _page(terms, params, lambda term: term, language)


@hsds_endpoint
def taxonomy_term_detail(
    request: HttpRequest, params: dict, language: str, pk: str
) -> HttpResponse:
    wanted = _uuid(pk)
    term = None
    if wanted is not None:
        category = ServiceCategory.objects.select_related("parent").filter(uuid=wanted).first()
        group = None if category else PopulationGroup.objects.filter(uuid=wanted).first()
        term = category_term_json(category) if category else group and group_term_json(group)
    if not term:
        return _not_found(params, _("No taxonomy term with this id."))
    key = "service-categories" if category else "population-groups"
    return _json(term | {"taxonomy_detail": taxonomy_json(key)})


def _profile_path(language: str) -> str:
    with translation.override(language):
        return reverse("opendata:profile")


@csrf_exempt
def openapi(request: HttpRequest) -> HttpResponse:
    """Our OpenAPI document: HSDS 3.0's, with our server, parameters and error answers."""
    if request.method == "OPTIONS":
        return _cors(HttpResponse(status=204, headers={"Allow": ALLOWED}))
    if request.method not in ("GET", "HEAD"):
        language = error_language(request)
        response = _error(405, _("Only GET, HEAD and OPTIONS are allowed."), language)
        response["Allow"] = ALLOWED
        return _cors(response)
    document = copy.deepcopy(_openapi_document())
    document["servers"] = [{"url": site_origin(request) + reverse("hsds:about").rstrip("/")}]
    response = JsonResponse(document, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "public, max-age=3600"
    return _cors(response)


openapi.allowed_methods = ("GET", "HEAD", "OPTIONS")  # for accmr.middleware
openapi.answers_405 = True  # in JSON, above


@functools.cache
def _openapi_document() -> dict:
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


# --- the downloads page -------------------------------------------------------------------


@require_safe
@cache_public_page
def profile(request: HttpRequest) -> HttpResponse:
    """Our HSDS profile: the el/en convention, ids, the transition, what we leave out."""
    context = {
        "hsds_version": HSDS_VERSION,
        "api_url": site_origin(request) + reverse("hsds:about"),
        "openapi_url": site_origin(request) + reverse("hsds:openapi"),
    }
    return render(request, "members/hsds_profile.html", context)


@require_safe
def downloads(request: HttpRequest) -> HttpResponse:
    last_modified, _fingerprint = data_version()
    files = [
        {"kind": kind, "language": language, "name": pattern.format(lang=language)}
        for kind, pattern in PACKAGES.items()
        for language in LANGUAGES
    ]
    context = {
        "files": files,
        "last_modified": last_modified,
        "licence": settings.OPEN_DATA_LICENCE,
        "licence_url": settings.OPEN_DATA_LICENCE_URL,
        "api_url": site_origin(request) + reverse("hsds:about"),
        "tables": list(TABLES),
    }
    return render(request, "members/downloads.html", context)


def _pending(request: HttpRequest) -> HttpResponse:
    response = render(request, "members/downloads_pending.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _limited(request: HttpRequest) -> HttpResponse:
    response = render(request, "members/downloads_limited.html", status=429)
    response["Retry-After"] = str(bulk_limit().retry_after())
    return response


@require_safe
def download(request: HttpRequest, name: str) -> HttpResponse:
    """A built open-data file (zip or gzipped NDJSON), never built here."""
    if name not in file_names():
        raise Http404("No such file.")
    if not bulk_limit().hit_client(request):
        return _limited(request)
    found = stored_file(name)
    if found is None:
        return _pending(request)
    path, meta = found
    return serve_stored_file(
        request,
        default_storage,
        path,
        etag=meta["etag"],
        size=meta["size"],
        content_type="application/zip" if name.endswith(".zip") else "application/gzip",
        filename=name,
        headers={
            "Access-Control-Allow-Origin": "*",
            "Cross-Origin-Resource-Policy": "cross-origin",
            "Cache-Control": "public, max-age=300",
        },
    )
