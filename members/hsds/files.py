"""The public directory as downloadable open data: CSV tables and an HSDS data package.

About 550 lines in one module: about 200 of them declare HSDS's tables and columns (data, not
logic); the rest builds the files from them and stores one complete set per version.

Both are built from the same serialisers as the HSDS API (members.hsds.serialisers), so they hold
exactly the public data the API shows, in one language each (HSDS is single-language).
No request ever builds one of these files: a whole-directory file takes seconds at scale and
would hold a worker the whole time. `build_open_data()` builds them all, once per version of
the public data, into storage every process shares (MEDIA_ROOT/opendata/<tag>/ or the bucket),
and `manifest.json` names the last complete build. Downloads and the API's
`?format=ndjson` (the gzipped NDJSON collections) are served from there as files, with ETag
and Range; before the first build they answer 503 with Retry-After.
"""

import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation
from django_tasks import task

from accmr.lib.origin import site_origin
from accmr.lib.spreadsheet import safe_cell
from members.hsds import serialisers

FOLDER = "opendata"
MANIFEST = f"{FOLDER}/manifest.json"
MANIFEST_CACHE_KEY = "opendata:manifest"
MANIFEST_CACHE_SECONDS = 300
BUILD_LOCK_SECONDS = 60 * 60

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


def bulk_file_name(collection: str, language: str) -> str:
    """The file holding `collection` as NDJSON, gzipped (see build_bulk)."""
    return f"hsds-{collection}-{language}.ndjson.gz"


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
        writer.writerow([safe_cell(row.get(column)) for column in header])
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


# --- the built files: one set per content version, in storage shared by every process ------


def version_tag() -> str:
    """A short name for the current version of the public data."""
    _last, fingerprint = serialisers.data_version()
    return hashlib.sha256(fingerprint.encode()).hexdigest()[:16]


def file_names() -> list[str]:
    """Every open-data file name, in every language."""
    return [
        pattern.format(lang=language)
        for pattern in PACKAGES.values()
        for language in serialisers.LANGUAGES
    ] + [
        bulk_file_name(collection, language)
        for collection in BULK
        for language in serialisers.LANGUAGES
    ]


def read_manifest() -> dict | None:
    """The last complete build: {"tag", "built_at", "files": {name: {"size", "etag"}}}."""
    manifest = cache.get(MANIFEST_CACHE_KEY)
    if manifest is None:
        try:
            with default_storage.open(MANIFEST, "rb") as stored:
                manifest = json.loads(stored.read())
        except (FileNotFoundError, OSError, ValueError):
            return None
        cache.set(MANIFEST_CACHE_KEY, manifest, MANIFEST_CACHE_SECONDS)
    return manifest


def stored_file(name: str) -> tuple[str, dict] | None:
    """(storage path, {"size", "etag"}) of the built file `name`, or None before the first build."""
    manifest = read_manifest()
    if not manifest or name not in manifest["files"]:
        return None
    return f"{FOLDER}/{manifest['tag']}/{name}", manifest["files"][name]


def _save(path: str, content: File) -> None:
    if default_storage.exists(path):
        default_storage.delete(path)
    default_storage.save(path, content)


def _write_manifest(manifest: dict) -> None:
    """Replace the manifest in one step, so a reader sees the old build or the new one."""
    data = json.dumps(manifest, indent=1).encode()
    try:
        target = Path(default_storage.path(MANIFEST))
    except NotImplementedError:  # a bucket: an object is replaced in one PUT
        default_storage.save(MANIFEST, ContentFile(data))
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as spool:
            spool.write(data)
        os.replace(spool.name, target)
    cache.set(MANIFEST_CACHE_KEY, manifest, MANIFEST_CACHE_SECONDS)


def _hashed_copy(build, path: str) -> dict:
    """Run `build(file)` into a spool on disk, store it at `path`; its size and ETag."""
    with tempfile.TemporaryFile() as spool:  # on disk: the services file is large at scale
        build(spool)
        size = spool.tell()
        spool.seek(0)
        digest = hashlib.sha256()
        for chunk in iter(lambda: spool.read(1 << 20), b""):
            digest.update(chunk)
        spool.seek(0)
        _save(path, File(spool))
    return {"size": size, "etag": digest.hexdigest()[:32]}


def _prune(keep: set[str]) -> None:
    try:
        folders, _files = default_storage.listdir(FOLDER)
    except (FileNotFoundError, NotImplementedError):
        return
    for folder in folders:
        if folder in keep:
            continue
        for name in default_storage.listdir(f"{FOLDER}/{folder}")[1]:
            default_storage.delete(f"{FOLDER}/{folder}/{name}")
        try:
            default_storage.delete(f"{FOLDER}/{folder}")
        except OSError:
            pass


def build_open_data(*, force: bool = False) -> dict | None:
    """Build every open-data file for the current version of the data, once.

    Run by `export_open_data` (nightly, and after a deploy) or by a background task when the
    content changes; never inside a request. The files go to MEDIA_ROOT/opendata/<tag>/ (or
    the bucket), then the manifest is switched to them in one step; until then downloads get
    the previous build. A lock in the shared cache makes one build per version however many
    processes ask. Returns the manifest, or None when another process is building this
    version right now.
    """
    tag = version_tag()
    current = read_manifest()
    if current and current["tag"] == tag and not force:
        return current
    lock = f"opendata:building:{tag}"
    if not cache.add(lock, 1, timeout=BUILD_LOCK_SECONDS):
        return None
    try:
        built: dict[str, dict] = {}
        for kind, pattern in PACKAGES.items():
            for language in serialisers.LANGUAGES:
                name = pattern.format(lang=language)
                built[name] = _hashed_copy(
                    lambda target, kind=kind, language=language: target.write(
                        build(kind, language)
                    ),
                    f"{FOLDER}/{tag}/{name}",
                )
        for collection in BULK:
            for language in serialisers.LANGUAGES:
                name = bulk_file_name(collection, language)
                built[name] = _hashed_copy(
                    lambda target, collection=collection, language=language: build_bulk(
                        collection, language, target
                    ),
                    f"{FOLDER}/{tag}/{name}",
                )
        manifest = {"tag": tag, "built_at": timezone.now().isoformat(), "files": built}
        _write_manifest(manifest)
        # The previous build stays for downloads that started before the switch.
        _prune({tag, current["tag"]} if current else {tag})
        return manifest
    finally:
        cache.delete(lock)


# --- the build after a change: one task per burst of changes --------------------------------

BUILD_QUEUED_KEY = "opendata:build-queued"


@task()
def build_open_data_task() -> None:
    """The queued build (see queue_build). The mark goes first: a change committed from now
    on queues the next build, since this one may already have read the data."""
    cache.delete(BUILD_QUEUED_KEY)
    build_open_data()


def queue_build() -> None:
    """After a change to the public content: queue one build of the open-data files.

    Called after every bump of the content version (accmr.cache.CONTENT_CHANGED_HOOKS, added in
    MembersConfig.ready). The task waits OPEN_DATA_BUILD_DELAY seconds and a mark in the shared
    cache says one is waiting, so a burst of changes (a coordinator reviewing ten requests, an
    import) gives one build, of the data as it stands when the task runs. A backend that cannot
    defer (the immediate one of the tests) builds at once. Off with OPEN_DATA_BUILD_ON_CHANGE;
    the nightly export and `export_open_data` after a deploy build as well.
    """
    if not settings.OPEN_DATA_BUILD_ON_CHANGE:
        return
    delay = settings.OPEN_DATA_BUILD_DELAY
    # Kept longer than the wait: with the worker busy, a later change needs no second task.
    if not cache.add(BUILD_QUEUED_KEY, 1, timeout=delay + BUILD_LOCK_SECONDS):
        return
    queued = build_open_data_task
    if delay and queued.get_backend().supports_defer:
        queued = queued.using(run_after=timezone.now() + dt.timedelta(seconds=delay))
    try:
        queued.enqueue()
    except Exception:
        cache.delete(BUILD_QUEUED_KEY)  # the next change tries again
        raise


def build_bulk(collection: str, language: str, target) -> None:
    """Write `collection` in `language` as gzipped NDJSON to the binary file `target`."""
    queryset, serialise = BULK[collection]
    with translation.override(language), gzip.GzipFile(fileobj=target, mode="wb") as archive:
        for row in queryset().iterator(chunk_size=500):
            line = json.dumps(serialise(row), ensure_ascii=False, cls=DjangoJSONEncoder)
            archive.write(line.encode() + b"\n")
