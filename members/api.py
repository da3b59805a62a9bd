"""Read-only open data API following Open Referral HSDS 3.x (JSON and NDJSON).

Only public, approved data: published organisations and their published or temporarily
closed services, their locations, opening hours, languages and categories. Never drafts,
retired services, proposed changes, editors, focal points or staff notes.

HSDS is single-language: `?lang=el` (the default) or `?lang=en` chooses the language of
every text; English falls back to Greek where a record has no English text. Lists are
paged (`page`, `per_page` up to 500); `format=ndjson` streams the whole collection, one
object per line. Responses carry an ETag and Last-Modified (a conditional GET gets 304)
and `Access-Control-Allow-Origin: *`.
"""

import datetime as dt
import functools
import hashlib
import json
import math
from collections.abc import Callable, Iterable, Iterator
from functools import wraps

from django import forms
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from accmr.cache import cache_public_page, content_version, declare_parameters, remember
from accmr.lib.origin import current_origin, site_origin
from members.models import (
    Location,
    Organisation,
    PopulationGroup,
    Service,
    ServiceCategory,
    ServiceStatus,
)

HSDS_VERSION = "3.1"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
LANGUAGES = ("el", "en")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SERVICE_STATUS = {
    ServiceStatus.PUBLISHED: "active",
    ServiceStatus.CLOSED: "temporarily closed",
}
TAXONOMIES = {
    "service-categories": (
        "ACCMR service categories",
        "Κατηγορίες υπηρεσιών ACCMR",
        "Kinds of service, with sub-categories, used by the ACCMR Portal.",
        "Είδη υπηρεσιών, με υποκατηγορίες, όπως τα χρησιμοποιεί η Πύλη του ACCMR.",
    ),
    "population-groups": (
        "ACCMR population groups",
        "Ομάδες πληθυσμού ACCMR",
        "The groups of people a service is meant for.",
        "Οι ομάδες ανθρώπων στις οποίες απευθύνεται μια υπηρεσία.",
    ),
}


class ApiParams(forms.Form):
    lang = forms.ChoiceField(choices=[(code, code) for code in LANGUAGES], required=False)
    page = forms.IntegerField(min_value=1, max_value=1_000_000, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PER_PAGE, required=False)
    format = forms.ChoiceField(choices=[("json", "json"), ("ndjson", "ndjson")], required=False)


# --- querysets: what is public, fetched in a constant number of queries -------------------


def public_organisations() -> QuerySet:
    # The search column is large and staff notes are private: neither is even read.
    return (
        Organisation.objects.published()
        .select_related("type")
        .defer("search_text", "staff_notes")
        .prefetch_related("locations")
        .order_by("pk")
    )


def public_services() -> QuerySet:
    return (
        Service.objects.published()
        .select_related(
            "organisation", "category", "category__parent", "subcategory", "subcategory__parent"
        )
        .defer("search_text", "organisation__search_text", "organisation__staff_notes")
        .prefetch_related("schedules", "languages", "population_groups", "locations")
        .order_by("pk")
    )


def public_service_locations() -> QuerySet:
    """Rows of the service–location link for public services (HSDS service_at_location)."""
    return (
        Service.locations.through.objects.filter(service__in=Service.objects.published())
        .select_related("service", "location")
        .order_by("pk")
    )


def data_version() -> tuple[dt.datetime | None, str]:
    """When the public data last changed, and a fingerprint of it (for ETags)."""
    organisations = Organisation.objects.published().aggregate(
        last=Max("updated_at"), count=Count("id")
    )
    services = Service.objects.published().aggregate(last=Max("updated_at"), count=Count("id"))
    stamps = [stamp for stamp in (organisations["last"], services["last"]) if stamp]
    last = max(stamps) if stamps else None
    fingerprint = f"{last}|{organisations['count']}|{services['count']}|{HSDS_VERSION}"
    if settings.PAGE_CACHE:
        # Vocabularies and locations carry no dates of their own; where the content version
        # is shared, every change to public content (those included) gives a new fingerprint.
        fingerprint += f"|{content_version()}"
    return last, fingerprint


# --- serialisers: one record to one HSDS object, in the active language -------------------


def _absolute(path: str) -> str:
    return site_origin() + path


_SLUG = "--slug--"


@functools.cache
def _detail_prefix(url_name: str, language: str, script_prefix: str) -> tuple[str, str]:
    before, after = reverse(url_name, kwargs={"slug": _SLUG}).split(_SLUG, 1)
    return before, after


def page_url(url_name: str, slug: str) -> str:
    """The absolute URL of a detail page in the active language (reverse() once per kind)."""
    before, after = _detail_prefix(url_name, translation.get_language(), get_script_prefix())
    return f"{site_origin()}{before}{slug}{after}"


def _clean(obj: dict) -> dict:
    """Leave out empty optional values (HSDS prefers an absent field to a null one)."""
    return {key: value for key, value in obj.items() if value not in (None, "", [])}


def _float(value) -> float | None:
    return float(value) if value is not None else None


def term_id(kind: str, slug: str) -> str:
    return f"{kind}:{slug}"


def taxonomy_json(key: str) -> dict:
    name_en, name_el, description_en, description_el = TAXONOMIES[key]
    greek = translation.get_language() == "el"
    return {
        "id": key,
        "name": name_el if greek else name_en,
        "description": description_el if greek else description_en,
        "version": "1",
    }


def category_term_json(category: ServiceCategory) -> dict:
    return _clean(
        {
            "id": term_id("category", category.slug),
            "code": category.slug,
            "name": category.name,
            "description": category.name,
            "parent_id": term_id("category", category.parent.slug) if category.parent else None,
            "taxonomy_id": "service-categories",
            "language": translation.get_language(),
        }
    )


def group_term_json(group: PopulationGroup) -> dict:
    return {
        "id": term_id("group", group.slug),
        "code": group.slug,
        "name": group.name,
        "description": group.name,
        "taxonomy_id": "population-groups",
        "language": translation.get_language(),
    }


def address_json(location: Location) -> dict:
    return {
        "id": str(location.pk),
        "location_id": str(location.pk),
        "address_1": location.address,
        "city": location.municipality,
        "state_province": "",
        "postal_code": location.postcode,
        "country": "GR",
        "address_type": "physical",
    }


def location_json(location: Location) -> dict:
    accessibility = []
    if location.step_free or location.accessibility_notes:
        accessibility.append(
            _clean(
                {
                    "id": str(location.pk),
                    "location_id": str(location.pk),
                    "description": location.accessibility_notes,
                    "details": "step-free access" if location.step_free else "",
                }
            )
        )
    return _clean(
        {
            "id": str(location.pk),
            "location_type": "physical",
            "organization_id": str(location.organisation_id),
            "name": location.name or location.address,
            "latitude": _float(location.latitude),
            "longitude": _float(location.longitude),
            "addresses": [address_json(location)],
            "accessibility": accessibility,
        }
    )


def _phones(owner_id: str, number: str) -> list[dict]:
    return [{"id": owner_id, "number": number}] if number else []


def organization_json(organisation: Organisation, *, services: Iterable[Service] = ()) -> dict:
    org_id = str(organisation.pk)
    result = _clean(
        {
            "id": org_id,
            "name": organisation.name,
            "alternate_name": organisation.short_name,
            "description": organisation.description or "",
            "email": organisation.email,
            "website": organisation.website,
            "logo": _absolute(organisation.logo.url) if organisation.logo else None,
            "uri": page_url("members:organisation_detail", organisation.slug),
            "legal_status": organisation.type.name,
            "phones": _phones(f"organization-{org_id}", organisation.phone),
            "locations": [location_json(location) for location in organisation.locations.all()],
            "assured_date": organisation.last_checked.isoformat()
            if organisation.last_checked
            else None,
            "last_modified": organisation.updated_at.isoformat(),
        }
    )
    result["description"] = organisation.description or ""  # required, even when empty
    services = list(services)
    if services:
        result["services"] = [
            {"id": str(service.pk), "name": service.name, "status": SERVICE_STATUS[service.status]}
            for service in services
        ]
    return result


def service_at_location_json(service_id: int, location: Location) -> dict:
    return {
        "id": f"{service_id}-{location.pk}",
        "service_id": str(service_id),
        "location_id": str(location.pk),
        "location": location_json(location),
    }


def _attribute(service_id: str, term: dict) -> dict:
    return {
        "id": f"{service_id}-{term['id']}",
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def service_json(service: Service) -> dict:
    service_id = str(service.pk)
    terms = [category_term_json(service.category)]
    if service.subcategory:
        terms.append(category_term_json(service.subcategory))
    terms += [group_term_json(group) for group in service.population_groups.all()]
    organisation = service.organisation
    return _clean(
        {
            "id": service_id,
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "url": service.website or page_url("members:service_detail", service.slug),
            "email": service.email or organisation.email,
            "status": SERVICE_STATUS[service.status],
            "application_process": service.how_to_access,
            "eligibility_description": service.eligibility,
            "fees_description": translation.gettext("Free of charge") if service.is_free else "",
            "assured_date": service.last_checked.isoformat() if service.last_checked else None,
            "last_modified": service.updated_at.isoformat(),
            "phones": _phones(f"service-{service_id}", service.phone or organisation.phone),
            "schedules": [
                _clean(
                    {
                        "id": str(schedule.pk),
                        "service_id": service_id,
                        "freq": "WEEKLY",
                        "byday": WEEKDAYS[schedule.weekday],
                        "opens_at": schedule.opens.strftime("%H:%M"),
                        "closes_at": schedule.closes.strftime("%H:%M"),
                        "notes": service.hours_notes,
                        "description": "Europe/Athens",
                    }
                )
                for schedule in service.schedules.all()
            ],
            "languages": [
                {
                    "id": f"{service_id}-{language.slug}",
                    "service_id": service_id,
                    "name": language.name,
                    "code": language.slug,
                }
                for language in service.languages.all()
            ],
            "service_at_locations": [
                service_at_location_json(service.pk, location)
                for location in service.locations.all()
            ],
            "attributes": [_attribute(service_id, term) for term in terms],
            "organization": _clean(
                {
                    "id": str(organisation.pk),
                    "name": organisation.name,
                    "description": organisation.description or "",
                    "website": organisation.website,
                    "uri": page_url("members:organisation_detail", organisation.slug),
                }
            )
            | {"description": organisation.description or ""},
        }
    )


def taxonomy_terms() -> list[dict]:
    """Every category (parents first) and population group, in the active language."""
    categories = ServiceCategory.objects.select_related("parent").order_by(
        "parent_id", "order", "slug"
    )
    terms = [category_term_json(c) for c in sorted(categories, key=lambda c: c.parent_id or 0)]
    terms += [group_term_json(group) for group in PopulationGroup.objects.all()]
    return terms


# --- views ---------------------------------------------------------------------------------


def _error(status: int, message: str, details: dict | None = None) -> JsonResponse:
    body = {"error": message}
    if details:
        body["details"] = details
    return JsonResponse(body, status=status)


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified, Content-Language"
    return response


def hsds_endpoint(view: Callable) -> Callable:
    """GET/HEAD only, CORS, `lang`/paging validation, ETag and Last-Modified (304).

    JSON pages are kept in the page cache like public pages (until the content changes);
    NDJSON streams are not.
    """
    cached_view = cache_public_page(view)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = _error(405, "Only GET, HEAD and OPTIONS are allowed.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return _cors(response)
        form = ApiParams(request.GET)
        if not form.is_valid():
            details = {field: [str(e) for e in errors] for field, errors in form.errors.items()}
            return _cors(_error(400, "Invalid query parameters.", details))
        params = form.cleaned_data
        declare_parameters(request, form.fields)
        language = params["lang"] or settings.LANGUAGE_CODE
        last_modified, fingerprint = remember("hsds-data-version", data_version)
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
        response["ETag"] = etag
        if timestamp:
            response["Last-Modified"] = http_date(timestamp)
        response["Content-Language"] = language
        response["Cache-Control"] = "public, max-age=300"
        return _cors(response)

    return wrapper


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


def built_on_request() -> bool:
    """Whether whole-directory files (NDJSON, the open-data zips) are small enough to build
    within a request: up to OPEN_DATA_ON_REQUEST_MAX public services. Beyond, the nightly
    export (`export_open_data`) provides them."""
    return public_services().count() <= settings.OPEN_DATA_ON_REQUEST_MAX


def bulk_file_name(collection: str, language: str) -> str:
    """The nightly file holding `collection` as NDJSON, gzipped (see members.opendata)."""
    return f"hsds-{collection}-{language}.ndjson.gz"


def _page(
    queryset, params: dict, serialise: Callable, language: str, *, bulk: str = ""
) -> HttpResponse:
    """An HSDS page of `queryset` (or, with format=ndjson, every row streamed).

    A `bulk` collection larger than OPEN_DATA_ON_REQUEST_MAX public services cannot be
    streamed within the server's request timeout: `format=ndjson` then answers 303 See Other
    with the nightly export of the same lines (gzipped), on the downloads page.
    """
    if params["format"] == "ndjson":
        if bulk and not built_on_request():
            name = bulk_file_name(bulk, language)
            return HttpResponseRedirect(
                _absolute(reverse("download", kwargs={"name": name})), status=303
            )
        if isinstance(queryset, QuerySet):
            queryset = queryset.iterator(chunk_size=500)
        return _ndjson(queryset, serialise, language)
    size = params["per_page"] or DEFAULT_PER_PAGE
    number = params["page"] or 1
    total = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    total_pages = max(1, math.ceil(total / size))
    rows = list(queryset[(number - 1) * size : number * size])
    return _json(
        {
            "total_items": total,
            "total_pages": total_pages,
            "page_number": number,
            "size": size,
            "first_page": number == 1,
            "last_page": number >= total_pages,
            "empty": not rows,
            "contents": [serialise(row) for row in rows],
        }
    )


def _pk(value: str) -> int | None:
    # ASCII digits only: str.isdigit() accepts "²" and "①", which int() refuses.
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else None


@hsds_endpoint
def about(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    base = reverse("hsds:about")
    return _json(
        {
            "version": HSDS_VERSION,
            "profile": "https://docs.openreferral.org/en/latest/hsds/",
            "openapi_url": "https://docs.openreferral.org/en/latest/hsds/api_reference.html",
            "title": "ACCMR Portal: directory of services for migrants and refugees in Athens",
            "publisher": "Athens Coordination Center for Migrant and Refugee issues (ACCMR)",
            "licence": settings.OPEN_DATA_LICENCE,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
            "documentation": _absolute(reverse("downloads")),
            "language": {
                "parameter": "lang",
                "default": settings.LANGUAGE_CODE,
                "available": list(LANGUAGES),
                "convention": (
                    "HSDS is single-language: every text is in the language asked for with "
                    "?lang=el (default) or ?lang=en. English texts fall back to Greek where a "
                    "record has no English version. Any other value is a 400 error."
                ),
            },
            "paging": {
                "parameters": ["page", "per_page"],
                "default_per_page": DEFAULT_PER_PAGE,
                "max_per_page": MAX_PER_PAGE,
            },
            "formats": {
                "json": "HSDS pages (default)",
                "ndjson": (
                    "?format=ndjson: everything, one record per line. Above "
                    f"{settings.OPEN_DATA_ON_REQUEST_MAX} public services the answer is a 303 "
                    "to the same lines as a gzipped file, exported every night."
                ),
            },
            "endpoints": [
                _absolute(base + path)
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
    return _page(public_services(), params, service_json, language, bulk="services")


@hsds_endpoint
def service_detail(request: HttpRequest, params: dict, language: str, pk: str) -> HttpResponse:
    service = public_services().filter(pk=_pk(pk)).first() if _pk(pk) else None
    if service is None:
        return _error(404, "No public service with this id.")
    return _json(service_json(service))


def _organisation_with_services(organisation: Organisation) -> dict:
    return organization_json(organisation, services=organisation.public_services)


@hsds_endpoint
def organizations(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    return _page(public_organisations(), params, organization_json, language, bulk="organizations")


@hsds_endpoint
def organization_detail(request: HttpRequest, params: dict, language: str, pk: str) -> HttpResponse:
    queryset = public_organisations().prefetch_related(
        Prefetch(
            "services",
            queryset=Service.objects.published().order_by("pk"),
            to_attr="public_services",
        )
    )
    organisation = queryset.filter(pk=_pk(pk)).first() if _pk(pk) else None
    if organisation is None:
        return _error(404, "No public organisation with this id.")
    return _json(_organisation_with_services(organisation))


def link_json(link) -> dict:
    return service_at_location_json(link.service_id, link.location)


@hsds_endpoint
def service_at_locations(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    return _page(
        public_service_locations(), params, link_json, language, bulk="service_at_locations"
    )


@hsds_endpoint
def taxonomies(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    return _page(list(TAXONOMIES), params, taxonomy_json, language)


@hsds_endpoint
def taxonomy_term_list(request: HttpRequest, params: dict, language: str) -> HttpResponse:
    return _page(taxonomy_terms(), params, lambda term: term, language)
