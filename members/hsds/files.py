"""The public directory as downloadable open data: CSV tables and an HSDS data package.

Both are built from the same serialisers as the HSDS API (members.hsds.serialisers), so they hold
exactly the public data the API shows, in one language each (HSDS is single-language).
Files are cached under a key that includes the data's fingerprint (latest change and
counts), so a change produces new files at the next download. Building takes time at
scale, so a request builds them only while the directory is small (OPEN_DATA_ON_REQUEST_MAX
public services); beyond that the `export_open_data` command, run nightly, builds them,
fills the cache and writes them to MEDIA_ROOT/opendata/, which downloads fall back to.

The same command writes the API's NDJSON collections (`/api/hsds/services?format=ndjson` and
the like) as gzipped files: past that size a request could not stream them before the
server's timeout, so the API answers 303 with the file's address instead.
"""

import csv
import gzip
import hashlib
import io
import json
import tempfile
import zipfile

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse
from django.utils import timezone, translation

from accmr.lib.origin import site_origin
from members.hsds import serialisers

CACHE_SECONDS = 60 * 60 * 24
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# HSDS 3.0 tabular tables (file stem -> HSDS resource and its columns, in order, as HSDS's
# datapackage.json has them): a column is a name (text) or (name, type[, format]).
TABLES: dict[str, tuple[str, list]] = {
    "organizations": (
        "organization",
        [
            ("id", "string", "uuid"),
            "name",
            "alternate_name",
            "description",
            ("email", "string", "email"),
            ("website", "string", "uri"),
            "tax_status",
            "tax_id",
            ("year_incorporated", "number"),
            "legal_status",
            "logo",
            ("uri", "string", "uri"),
            ("parent_organization_id", "string", "uuid"),
        ],
    ),
    "services": (
        "service",
        [
            ("id", "string", "uuid"),
            ("organization_id", "string", "uuid"),
            ("program_id", "string", "uuid"),
            "name",
            "alternate_name",
            "description",
            ("url", "string", "uri"),
            ("email", "string", "email"),
            "status",
            "interpretation_services",
            "application_process",
            "fees_description",
            "wait_time",
            "fees",
            "accreditations",
            "eligibility_description",
            ("minimum_age", "number"),
            ("maximum_age", "number"),
            ("assured_date", "date"),
            ("assurer_email", "string", "email"),
            "licenses",
            "alert",
            ("last_modified", "datetime"),
        ],
    ),
    "attributes": (
        "attribute",
        [
            ("id", "string", "uuid"),
            ("link_id", "string", "uuid"),
            ("taxonomy_term_id", "string", "uuid"),
            "link_type",
            "link_entity",
            "value",
        ],
    ),
    "service_at_location": (
        "service_at_location",
        [
            ("id", "string", "uuid"),
            ("service_id", "string", "uuid"),
            ("location_id", "string", "uuid"),
            "description",
        ],
    ),
    "locations": (
        "location",
        [
            ("id", "string", "uuid"),
            "location_type",
            ("url", "string", "uri"),
            ("organization_id", "string", "uuid"),
            "name",
            "alternate_name",
            "description",
            "transportation",
            ("latitude", "number"),
            ("longitude", "number"),
            "external_identifier",
            "external_identifier_type",
        ],
    ),
    "phones": (
        "phone",
        [
            ("id", "string", "uuid"),
            ("location_id", "string", "uuid"),
            ("service_id", "string", "uuid"),
            ("organization_id", "string", "uuid"),
            ("contact_id", "string", "uuid"),
            ("service_at_location_id", "string", "uuid"),
            "number",
            ("extension", "number"),
            "type",
            "description",
        ],
    ),
    "addresses": (
        "address",
        [
            ("id", "string", "uuid"),
            ("location_id", "string", "uuid"),
            "attention",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    ),
    "schedules": (
        "schedule",
        [
            ("id", "string", "uuid"),
            ("service_id", "string", "uuid"),
            ("location_id", "string", "uuid"),
            ("service_at_location_id", "string", "uuid"),
            ("valid_from", "date"),
            ("valid_to", "date"),
            ("dtstart", "date"),
            ("timezone", "number"),
            ("until", "date"),
            ("count", "number"),
            "wkst",
            "freq",
            ("interval", "number"),
            "byday",
            "byweekno",
            "bymonthday",
            "byyearday",
            "description",
            ("opens_at", "time"),
            ("closes_at", "time"),
            ("schedule_link", "string", "uri"),
            "attending_type",
            "notes",
        ],
    ),
    "languages": (
        "language",
        [
            ("id", "string", "uuid"),
            ("service_id", "string", "uuid"),
            ("location_id", "string", "uuid"),
            ("phone_id", "string", "uuid"),
            "name",
            "code",
            "note",
        ],
    ),
    "accessibility": (
        "accessibility",
        [
            ("id", "string", "uuid"),
            ("location_id", "string", "uuid"),
            "description",
            "details",
            ("url", "string", "uri"),
        ],
    ),
    "taxonomy_terms": (
        "taxonomy_term",
        [
            ("id", "string", "uuid"),
            "code",
            "name",
            "description",
            ("parent_id", "string", "uuid"),
            "taxonomy",
            "language",
            ("taxonomy_id", "string", "uuid"),
            ("term_uri", "string", "uri"),
        ],
    ),
    "taxonomies": (
        "taxonomy",
        [
            ("id", "string", "uuid"),
            "name",
            "description",
            ("uri", "string", "uri"),
            "version",
        ],
    ),
}


def columns(stem: str) -> list[str]:
    return [column if isinstance(column, str) else column[0] for column in TABLES[stem][1]]


PACKAGES = {
    "csv": "accmr-directory-{lang}-csv.zip",
    "hsds": "accmr-directory-{lang}-hsds-datapackage.zip",
}

# The API's `format=ndjson` collections, as the nightly export writes them (gzipped, one HSDS
# record per line). Large directories are sent here by the API (see members.hsds.views._page).
BULK = {
    "services": (serialisers.public_services, serialisers.service_json),
    "organizations": (serialisers.public_organisations, serialisers.organization_json),
    "service_at_locations": (serialisers.public_service_locations, serialisers.link_json),
}


def built_on_request() -> bool:
    """Whether whole-directory files (NDJSON, the open-data zips) are small enough to build
    within a request: up to OPEN_DATA_ON_REQUEST_MAX public services. Beyond, the nightly
    export (`export_open_data`) provides them."""
    return serialisers.public_services().count() <= settings.OPEN_DATA_ON_REQUEST_MAX


def bulk_file_name(collection: str, language: str) -> str:
    """The nightly file holding `collection` as NDJSON, gzipped (see export_bulk)."""
    return f"hsds-{collection}-{language}.ndjson.gz"


def neutralise(value) -> str | int | float:
    """A CSV cell that a spreadsheet will not run as a formula (text starting =, +, -, @)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def tables(language: str) -> dict[str, list[dict]]:
    """Every public row, as HSDS tables, in `language`."""
    rows: dict[str, list[dict]] = {stem: [] for stem in TABLES}
    with translation.override(language):
        for organisation in serialisers.public_organisations().iterator(chunk_size=500):
            org = serialisers.organization_json(organisation)
            rows["organizations"].append(org)
            for phone in org.get("phones", []):
                rows["phones"].append({**phone, "organization_id": org["id"]})
            for location in org.get("locations", []):  # a location is one organisation's
                rows["locations"].append(location)
                rows["addresses"] += location.get("addresses", [])
                rows["accessibility"] += location.get("accessibility", [])
        for service in serialisers.public_services().iterator(chunk_size=500):
            item = serialisers.service_json(service)
            rows["services"].append(item)
            for phone in item.get("phones", []):
                rows["phones"].append({**phone, "service_id": item["id"]})
            rows["schedules"] += [_tabular_schedule(s) for s in item.get("schedules", [])]
            rows["languages"] += item.get("languages", [])
            rows["service_at_location"] += item.get("service_at_locations", [])
            rows["attributes"] += item.get("attributes", [])
        rows["taxonomies"] = [serialisers.taxonomy_json(key) for key in serialisers.TAXONOMIES]
        rows["taxonomy_terms"] = serialisers.taxonomy_terms()
    return rows


def _tabular_schedule(schedule: dict) -> dict:
    # HSDS's tables type opening times as `time` (HH:MM:SS); the API gives HH:MM.
    return schedule | {
        key: f"{schedule[key]}:00" for key in ("opens_at", "closes_at") if key in schedule
    }


def _field(column) -> dict:
    if isinstance(column, str):
        return {"name": column, "type": "string"}
    name, kind, *style = column
    return {"name": name, "type": kind} | ({"format": style[0]} if style else {})


def _csv(header: list[str], rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([neutralise(row.get(column)) for column in header])
    # A byte-order mark so spreadsheet programs read the Greek text as UTF-8.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def datapackage(language: str) -> dict:
    """A Frictionless data package descriptor for the HSDS tables."""
    return {
        "name": f"accmr-directory-{language}",
        "title": "ACCMR Portal directory (HSDS)",
        "profile": "tabular-data-package",
        "description": (
            "Organisations and services for migrants and refugees in Athens, from the ACCMR "
            f"Portal, in Open Referral HSDS {serialisers.HSDS_VERSION} tables. "
            f"Language: {language}."
        ),
        "homepage": site_origin(),
        "version": serialisers.HSDS_VERSION,
        "language": language,
        "created": timezone.now().replace(microsecond=0).isoformat(),
        "licenses": [{"name": settings.OPEN_DATA_LICENCE, "path": settings.OPEN_DATA_LICENCE_URL}],
        "resources": [
            {
                "name": resource,
                "path": f"{stem}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "profile": "tabular-data-resource",
                "schema": {"fields": [_field(c) for c in table], "primaryKey": "id"},
            }
            for stem, (resource, table) in TABLES.items()
        ],
    }


def build(kind: str, language: str) -> bytes:
    """The zip file of `kind` ("csv" or "hsds") in `language`."""
    data = tables(language)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if kind == "hsds":
            descriptor = json.dumps(datapackage(language), ensure_ascii=False, indent=2)
            archive.writestr("datapackage.json", descriptor)
        for stem in TABLES:
            archive.writestr(f"{stem}.csv", _csv(columns(stem), data[stem]))
        archive.writestr(
            "LICENCE.txt",
            f"{settings.OPEN_DATA_LICENCE} {settings.OPEN_DATA_LICENCE_URL}\n"
            "Source: ACCMR Portal (Athens Coordination Center for Migrant and Refugee issues)\n",
        )
    return buffer.getvalue()


def _cache_key(kind: str, language: str, fingerprint: str) -> str:
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()
    return f"opendata:v1:{kind}:{language}:{digest}"


def stored_path(kind: str, language: str) -> str:
    return f"opendata/{PACKAGES[kind].format(lang=language)}"


def export(kind: str, language: str) -> bytes:
    """Build a file, keep it in the cache for the current data and in storage (nightly job)."""
    _last, fingerprint = serialisers.data_version()
    content = build(kind, language)
    cache.set(_cache_key(kind, language, fingerprint), content, CACHE_SECONDS)
    path = stored_path(kind, language)
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, ContentFile(content))
    return content


def bulk_path(collection: str, language: str) -> str:
    return f"opendata/{bulk_file_name(collection, language)}"


def build_bulk(collection: str, language: str, target) -> None:
    """Write `collection` in `language` as gzipped NDJSON to the binary file `target`."""
    queryset, serialise = BULK[collection]
    with translation.override(language), gzip.GzipFile(fileobj=target, mode="wb") as archive:
        for row in queryset().iterator(chunk_size=500):
            line = json.dumps(serialise(row), ensure_ascii=False, cls=DjangoJSONEncoder)
            archive.write(line.encode() + b"\n")


def export_bulk(collection: str, language: str) -> int:
    """Write the NDJSON file of `collection` to storage (nightly job); its size in bytes."""
    path = bulk_path(collection, language)
    with tempfile.TemporaryFile() as spool:  # on disk: the services file is large at scale
        build_bulk(collection, language, spool)
        size = spool.tell()
        spool.seek(0)
        if default_storage.exists(path):
            default_storage.delete(path)
        default_storage.save(path, File(spool))
    return size


def bulk_response(collection: str, language: str, name: str) -> HttpResponse | None:
    """The NDJSON file: built now while the directory is small, else the nightly export."""
    if built_on_request():
        buffer = io.BytesIO()
        build_bulk(collection, language, buffer)
        response = HttpResponse(buffer.getvalue(), content_type="application/gzip")
    else:
        path = bulk_path(collection, language)
        if not default_storage.exists(path):
            return None
        response = FileResponse(default_storage.open(path, "rb"), content_type="application/gzip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def current_file(kind: str, language: str) -> bytes | None:
    """The file for the current data: from the cache; else built now while the directory is
    small enough to build within a request; else the last nightly export (at most a day
    old); None when there is none yet."""
    _last, fingerprint = serialisers.data_version()
    key = _cache_key(kind, language, fingerprint)
    content = cache.get(key)
    if content is not None:
        return content
    if built_on_request():
        content = build(kind, language)
        cache.set(key, content, CACHE_SECONDS)
        return content
    path = stored_path(kind, language)
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as stored:
            return stored.read()
    return None
