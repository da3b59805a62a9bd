"""Open Referral HSDS 3.x serialisers: one public record to one HSDS object.

Only public, approved data: published organisations and their published or temporarily
closed services, their locations, opening hours, languages and categories. Never drafts,
retired services, proposed changes, editors, focal points or staff notes.

HSDS is single-language: every text is in the active language; English falls back to Greek
where a record has no English text. The API (members.hsds.views) and the open-data files
(members.hsds.files) are built from these functions, so both hold exactly the same data.
"""

import datetime as dt
import functools
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Max, Prefetch, QuerySet
from django.urls import get_script_prefix, reverse
from django.utils import translation

from accmr.cache import content_version
from accmr.lib.origin import site_origin
from members.models import (
    Location,
    Organisation,
    PopulationGroup,
    Service,
    ServiceCategory,
    ServiceStatus,
)

HSDS_VERSION = "3.0"  # the version whose official schemas the tests validate against
LANGUAGES = ("el", "en")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
SERVICE_STATUS = {
    ServiceStatus.PUBLISHED: "active",
    ServiceStatus.CLOSED: "temporarily closed",
}
# HSDS ids are UUIDs. Records of our own tables carry a stored one (`uuid`, made once and kept
# through exports and imports); objects made of a record (its address, phone, accessibility)
# or of two (a service at a location, a service's language or category) get a name-based
# UUID (version 5) from the stored ones, so they are as stable as the records they join.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://accmr.gr/hsds/")

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


def derived_id(parent: uuid.UUID, name: str) -> str:
    """The UUID of the object `name` of the record whose uuid is `parent`."""
    return str(uuid.uuid5(parent, name))


def taxonomy_id(key: str) -> str:
    return derived_id(NAMESPACE, f"taxonomy/{key}")


def service_at_location_id(service_uuid: uuid.UUID, location_uuid: uuid.UUID) -> str:
    return derived_id(service_uuid, f"location/{location_uuid}")


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
        .prefetch_related(
            "schedules",
            "languages",
            "population_groups",
            Prefetch("locations", queryset=Location.objects.select_related("organisation")),
        )
        .order_by("pk")
    )


def public_service_locations() -> QuerySet:
    """Rows of the service–location link for public services (HSDS service_at_location)."""
    return (
        Service.locations.through.objects.filter(service__in=Service.objects.published())
        .select_related("service", "location", "location__organisation")
        .defer(*(f"location__organisation__{f}" for f in ("search_text", "staff_notes")))
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


def absolute_url(path: str) -> str:
    """The portal's absolute URL for a path (SITE_URL, else the origin being served)."""
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


def drop_empty(obj: dict) -> dict:
    """Leave out empty optional values (HSDS and schema.org prefer an absent field to a null
    one)."""
    return {key: value for key, value in obj.items() if value not in (None, "", [])}


def _float(value) -> float | None:
    return float(value) if value is not None else None


def taxonomy_json(key: str) -> dict:
    name_en, name_el, description_en, description_el = TAXONOMIES[key]
    greek = translation.get_language() == "el"
    return {
        "id": taxonomy_id(key),
        "name": name_el if greek else name_en,
        "description": description_el if greek else description_en,
        "version": "1",
    }


def category_term_json(category: ServiceCategory) -> dict:
    return drop_empty(
        {
            "id": str(category.uuid),
            "code": category.slug,
            "name": category.name,
            "description": category.name,
            "parent_id": str(category.parent.uuid) if category.parent else None,
            "taxonomy_id": taxonomy_id("service-categories"),
            "language": translation.get_language(),
        }
    )


def group_term_json(group: PopulationGroup) -> dict:
    return {
        "id": str(group.uuid),
        "code": group.slug,
        "name": group.name,
        "description": group.name,
        "taxonomy_id": taxonomy_id("population-groups"),
        "language": translation.get_language(),
    }


def _description(organisation: Organisation) -> str:
    # HSDS requires a description (non-empty in its tables): the name stands in for a missing one.
    return organisation.description or organisation.name


def _region(location: Location) -> str:
    """The address's region (HSDS requires state_province; a location has no region field):
    Attica for postcodes 10000-19999, where the directory's addresses mostly are, else the
    municipality."""
    if location.postcode.replace(" ", "")[:1] == "1":
        return translation.gettext("Attica")
    return location.municipality


def address_json(location: Location) -> dict:
    location_id = str(location.uuid)
    return {
        "id": derived_id(location.uuid, "address"),
        "location_id": location_id,
        "address_1": location.address,
        "city": location.municipality,
        "state_province": _region(location),
        "postal_code": location.postcode,
        "country": "GR",
        "address_type": "physical",
    }


def location_json(location: Location) -> dict:
    accessibility = []
    if location.step_free or location.accessibility_notes:
        accessibility.append(
            drop_empty(
                {
                    "id": derived_id(location.uuid, "accessibility"),
                    "location_id": str(location.uuid),
                    "description": location.accessibility_notes,
                    "details": "step-free access" if location.step_free else "",
                }
            )
        )
    return drop_empty(
        {
            "id": str(location.uuid),
            "location_type": "physical",
            "organization_id": str(location.organisation.uuid),
            "name": location.name or location.address,
            "latitude": _float(location.latitude),
            "longitude": _float(location.longitude),
            "addresses": [address_json(location)],
            "accessibility": accessibility,
        }
    )


def _phones(owner: uuid.UUID, number: str) -> list[dict]:
    return [{"id": derived_id(owner, "phone"), "number": number}] if number else []


def organization_json(organisation: Organisation, *, services: Iterable[Service] = ()) -> dict:
    org_id = str(organisation.uuid)
    result = drop_empty(
        {
            "id": org_id,
            "name": organisation.name,
            "alternate_name": organisation.short_name,
            "description": _description(organisation),
            "email": organisation.email,
            "website": organisation.website,
            "logo": absolute_url(organisation.logo.url) if organisation.logo else None,
            "uri": page_url("members:organisation_detail", organisation.slug),
            "legal_status": organisation.type.name,
            "phones": _phones(organisation.uuid, organisation.phone),
            "locations": [location_json(location) for location in organisation.locations.all()],
            "assured_date": organisation.last_checked.isoformat()
            if organisation.last_checked
            else None,
            "last_modified": organisation.updated_at.isoformat(),
        }
    )
    result["description"] = _description(organisation)
    services = list(services)
    if services:
        result["services"] = [
            {
                "id": str(service.uuid),
                "name": service.name,
                "status": SERVICE_STATUS[service.status],
            }
            for service in services
        ]
    return result


def service_at_location_json(service_uuid: uuid.UUID, location: Location) -> dict:
    return {
        "id": service_at_location_id(service_uuid, location.uuid),
        "service_id": str(service_uuid),
        "location_id": str(location.uuid),
        "location": location_json(location),
    }


def _attribute(service: Service, term: dict) -> dict:
    service_id = str(service.uuid)
    return {
        "id": derived_id(service.uuid, f"attribute/{term['id']}"),
        "link_id": service_id,
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


def link_json(link) -> dict:
    """One row of the service–location link (see public_service_locations)."""
    return service_at_location_json(link.service.uuid, link.location)


def service_json(service: Service) -> dict:
    service_id = str(service.uuid)
    terms = [category_term_json(service.category)]
    if service.subcategory:
        terms.append(category_term_json(service.subcategory))
    terms += [group_term_json(group) for group in service.population_groups.all()]
    organisation = service.organisation
    org_id = str(organisation.uuid)
    return drop_empty(
        {
            "id": service_id,
            "organization_id": str(organisation.uuid),
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
            "phones": _phones(service.uuid, service.phone or organisation.phone),
            "schedules": [
                drop_empty(
                    {
                        "id": str(schedule.uuid),
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
                    "id": derived_id(service.uuid, f"language/{language.uuid}"),
                    "service_id": service_id,
                    "name": language.name,
                    "code": language.slug,
                }
                for language in service.languages.all()
            ],
            "service_at_locations": [
                service_at_location_json(service.uuid, location)
                for location in service.locations.all()
            ],
            "attributes": [_attribute(service, term) for term in terms],
            "organization": drop_empty(
                {
                    "id": org_id,
                    "name": organisation.name,
                    "description": _description(organisation),
                    "website": organisation.website,
                    "uri": page_url("members:organisation_detail", organisation.slug),
                }
            )
            | {"description": _description(organisation)},
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
