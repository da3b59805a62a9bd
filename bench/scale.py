"""Synthetic scale data for load tests: `manage.py seed_demo --scale N` (see bench/run).

N example organisations with about five services each, spread over every category,
language, population group and community, bulk-created in batches; numbers that exist
already are skipped, so a second run adds only what is missing. The bulletin's synthetic rows
for the same organisations are in bench/bulletin_scale.py.
"""

import datetime as dt
import sys
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from members.models import (
    Language,
    Location,
    Organisation,
    OrganisationType,
    PopulationGroup,
    Schedule,
    Service,
    ServiceCategory,
    ServiceStatus,
    Status,
)
from members.seed import WEEKDAYS

SCALE_PREFIX = "example-organisation-"
SERVICES_PER_ORGANISATION = 5
# Rough centres of the seven municipal communities, for synthetic points only.
COMMUNITY_CENTRES = {
    1: (37.979, 23.733),
    2: (37.966, 23.747),
    3: (37.970, 23.708),
    4: (37.995, 23.705),
    5: (38.017, 23.735),
    6: (38.005, 23.735),
    7: (37.991, 23.765),
}
HOUR_PATTERNS = [
    ((WEEKDAYS, "09:00", "17:00"),),
    (((0, 2, 4), "10:00", "14:00"),),
    (((1, 3), "12:00", "20:00"),),
    (((5,), "10:00", "14:00"),),
    (((0, 1, 2, 3, 4, 5, 6), "08:00", "22:00"),),
    ((WEEKDAYS, "09:00", "13:00"), (WEEKDAYS, "17:00", "20:00")),
    (),  # no hours listed
]


def _write(stdout, text: str) -> None:
    (stdout or sys.stdout).write(text + "\n")


def seed_scale(count: int, *, stdout=None, batch_size: int = 500) -> None:
    """Add `count` synthetic example organisations with about five services each.

    Numbers 1..count that exist already are skipped, so the command can be run again.
    Rows are bulk-created (no save()), so the search column is filled here through the
    models' own build_search_text().
    """
    types = list(OrganisationType.objects.all())
    top = list(ServiceCategory.objects.filter(parent__isnull=True))
    children = {c.pk: [] for c in top}
    for sub in ServiceCategory.objects.filter(parent__isnull=False):
        children[sub.parent_id].append(sub)
    groups = list(PopulationGroup.objects.all())
    languages = list(Language.objects.all())
    if not (types and top and groups and languages):
        raise RuntimeError("Seed the vocabularies first.")
    greek = next((lang for lang in languages if lang.slug == "el"), languages[0])
    existing = set(
        Organisation.objects.filter(slug__startswith=SCALE_PREFIX).values_list("slug", flat=True)
    )
    numbers = [n for n in range(1, count + 1) if f"{SCALE_PREFIX}{n}" not in existing]
    _write(stdout, f"Synthetic organisations: {len(numbers)} to add, {count - len(numbers)} exist.")
    today = timezone.localdate()
    done = 0
    for start in range(0, len(numbers), batch_size):
        chunk = numbers[start : start + batch_size]
        with transaction.atomic():
            _scale_batch(chunk, types, top, children, groups, languages, greek, today)
        done += len(chunk)
        _write(stdout, f"  {done}/{len(numbers)} organisations ({done * 5} services)")
    if numbers and connection.vendor == "postgresql":
        # Fresh planner statistics: right after a bulk load PostgreSQL still believes the
        # tables are tiny and picks nested loops that take seconds instead of milliseconds.
        with connection.cursor() as cursor:
            for model in (Organisation, Location, Service, Schedule):
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
            for field in ("languages", "population_groups", "locations"):
                through = Service._meta.get_field(field).remote_field.through
                cursor.execute(f'ANALYZE "{through._meta.db_table}"')
        _write(stdout, "  Planner statistics refreshed.")


def _scale_batch(numbers, types, top, children, groups, languages, greek, today) -> None:
    organisations = []
    for n in numbers:
        organisation = Organisation(
            slug=f"{SCALE_PREFIX}{n}",
            name_el=f"Παράδειγμα οργάνωσης {n}",
            name_en=f"Example organisation {n}",
            description_el="Συνθετική εγγραφή για δοκιμές φόρτου: δεν είναι πραγματική οργάνωση.",
            description_en=(
                "A synthetic record for load tests: not a real organisation." if n % 5 else ""
            ),
            type=types[n % len(types)],
            is_member=n % 2 == 0,
            status=Status.DRAFT if n % 30 == 0 else Status.PUBLISHED,
            last_checked=today - dt.timedelta(days=(n * 7) % 400),
        )
        organisation.search_text = organisation.build_search_text()
        organisations.append(organisation)
    Organisation.objects.bulk_create(organisations)

    locations = []
    for organisation, n in zip(organisations, numbers, strict=True):
        for offset in (0, 3) if n % 3 == 0 else (0,):
            community = (n + offset) % 7 + 1
            lat, lon = COMMUNITY_CENTRES[community]
            locations.append(
                Location(
                    organisation=organisation,
                    name_el="Συνθετική διεύθυνση",
                    name_en="Synthetic address",
                    address_el=f"Οδός Παραδείγματος {n}",
                    address_en=f"{n} Example Street",
                    postcode="",
                    municipality_el="Αθήνα",
                    municipality_en="Athens",
                    community=community,
                    latitude=Decimal(f"{lat + ((n * 37) % 100 - 50) / 5000:.6f}"),
                    longitude=Decimal(f"{lon + ((n * 53) % 100 - 50) / 5000:.6f}"),
                    step_free=n % 4 == 0,
                )
            )
    Location.objects.bulk_create(locations)
    locations_of = {}
    for location in locations:
        locations_of.setdefault(location.organisation_id, []).append(location)

    services, hours_of = [], []
    for organisation, n in zip(organisations, numbers, strict=True):
        for k in range(1, SERVICES_PER_ORGANISATION + 1):
            i = n * SERVICES_PER_ORGANISATION + k
            category = top[i % len(top)]
            subs = children[category.pk]
            service = Service(
                organisation=organisation,
                slug=f"example-service-{n}-{k}",
                name_el=f"Παράδειγμα υπηρεσίας {n}.{k}: {category.name_el}",
                name_en=f"Example service {n}.{k}: {category.name_en}",
                description_el="Συνθετική υπηρεσία για δοκιμές φόρτου.",
                description_en="A synthetic service for load tests." if i % 4 else "",
                category=category,
                subcategory=subs[(i // len(top)) % len(subs)] if subs else None,
                access_walk_in=i % 2 == 0,
                access_appointment=i % 2 == 1,
                access_phone=i % 3 == 0,
                access_online=i % 5 == 0,
                access_referral=i % 11 == 0,
                is_free=i % 6 != 0,
                status=(
                    ServiceStatus.DRAFT
                    if i % 50 == 0
                    else ServiceStatus.CLOSED
                    if i % 40 == 0
                    else ServiceStatus.PUBLISHED
                ),
                last_checked=organisation.last_checked,
            )
            service.search_text = service.build_search_text()
            services.append(service)
            hours_of.append(HOUR_PATTERNS[i % len(HOUR_PATTERNS)])
    Service.objects.bulk_create(services)

    language_links, group_links, location_links, schedules = [], [], [], []
    LanguageLink = Service.languages.through
    GroupLink = Service.population_groups.through
    LocationLink = Service.locations.through
    for index, (service, hours) in enumerate(zip(services, hours_of, strict=True)):
        i = index + numbers[0]
        spoken = {greek.pk, languages[i % len(languages)].pk}
        spoken.add(languages[(i * 7 + 3) % len(languages)].pk)
        language_links += [LanguageLink(service_id=service.pk, language_id=pk) for pk in spoken]
        served = {groups[i % len(groups)].pk, groups[(i * 5 + 2) % len(groups)].pk}
        group_links += [GroupLink(service_id=service.pk, populationgroup_id=pk) for pk in served]
        if i % 9:  # about one in nine has no physical location
            places = locations_of[service.organisation_id]
            location_links.append(
                LocationLink(service_id=service.pk, location_id=places[i % len(places)].pk)
            )
        schedules += [
            Schedule(
                service=service,
                weekday=day,
                opens=dt.time.fromisoformat(opens),
                closes=dt.time.fromisoformat(closes),
            )
            for days, opens, closes in hours
            for day in days
        ]
    LanguageLink.objects.bulk_create(language_links)
    GroupLink.objects.bulk_create(group_links)
    LocationLink.objects.bulk_create(location_links)
    Schedule.objects.bulk_create(schedules)
