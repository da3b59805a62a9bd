"""Seed data for the directory (facts copied from the project's reference data).

`members/data/taxonomy.json` and `members/data/organisations.json` hold the facts, and
`members/data/vocabulary_names.json` the vocabularies' names in ar, fa, ur, fr and uk
(copied from the project's shared reference data; never read from there at run time).
Real organisations get names, types and websites only; the services added for them
are examples and say so in their names and descriptions. Everything is keyed by slug,
so running the seed again updates rows instead of duplicating them.
"""

import datetime as dt
import itertools
import json
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone

from accmr.lib.text import latin_slug
from members.models import (
    ORGANISATION_SLUG_LENGTH,
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

DATA = Path(__file__).resolve().parent / "data"
MUNICIPAL_TYPES = {"local_authority", "municipal_service"}


def _load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _differs(obj, name: str, value) -> bool:
    field = obj._meta.get_field(name)
    if field.is_relation:
        return getattr(obj, field.attname) != (value.pk if value is not None else None)
    return getattr(obj, name) != field.to_python(value)


def _upsert(model, lookup: dict, values: dict, *, on_create: dict | None = None):
    """update_or_create, with full_clean() before saving (seeds bypass forms).

    A row is saved only when one of `values` differs: saving an unchanged row would still
    add a history record, so a second `seed_demo` would fill the coordinators' history
    with changes nobody made. `on_create` values (the date a record was last checked)
    are set on a new row only: re-running the seed checks nothing.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **(on_create or {}))
        changed = True
    else:
        changed = False
    for field, value in values.items():
        if obj._state.adding or _differs(obj, field, value):
            setattr(obj, field, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
    return obj


# Vocabularies -----------------------------------------------------------------------


def seed_vocabularies() -> None:
    """Organisation types, service categories, population groups and languages, with their
    names in the public site's other languages (vocabulary_names.json)."""
    taxonomy = _load("taxonomy.json")
    other = _load("vocabulary_names.json")

    def other_names(model, key: str) -> dict:
        return other.get(model._meta.model_name, {}).get(key, {})

    for order, (key, name_el, name_en) in enumerate(taxonomy["organisation_types"]):
        _upsert(
            OrganisationType,
            {"slug": key},
            {
                "name_el": name_el,
                "name_en": name_en,
                "other_names": other_names(OrganisationType, key),
                "order": order,
                "is_municipal": key in MUNICIPAL_TYPES,
            },
        )
    for order, (key, name_el, name_en, children) in enumerate(taxonomy["service_categories"]):
        parent = _upsert(
            ServiceCategory,
            {"slug": key},
            {
                "name_el": name_el,
                "name_en": name_en,
                "other_names": other_names(ServiceCategory, key),
                "order": order,
                "parent": None,
            },
        )
        for child_order, (child_key, child_el, child_en) in enumerate(children):
            _upsert(
                ServiceCategory,
                {"slug": child_key},
                {
                    "name_el": child_el,
                    "name_en": child_en,
                    "other_names": other_names(ServiceCategory, child_key),
                    "order": child_order,
                    "parent": parent,
                },
            )
    for model, rows in (
        (PopulationGroup, taxonomy["population_groups"]),
        (Language, taxonomy["languages"]),
    ):
        for order, (key, name_el, name_en) in enumerate(rows):
            _upsert(
                model,
                {"slug": key},
                {
                    "name_el": name_el,
                    "name_en": name_en,
                    "other_names": other_names(model, key),
                    "order": order,
                },
            )


# Real organisations with example services --------------------------------------------


@dataclass(frozen=True)
class Example:
    """An example service: what a real organisation might offer, plainly marked."""

    key: str
    category: str
    subcategory: str | None
    name_el: str
    name_en: str
    groups: tuple[str, ...]
    languages: tuple[str, ...]
    hours: tuple[tuple[tuple[int, ...], str, str], ...]  # ((weekdays), opens, closes)
    walk_in: bool = False
    appointment: bool = False
    phone: bool = False
    online: bool = False
    referral: bool = False
    free: bool = True
    status: str = ServiceStatus.PUBLISHED
    english: bool = True


WEEKDAYS = (0, 1, 2, 3, 4)

# fmt: off
EXAMPLES = [
    Example("legal-asylum", "legal", "asylum", "Νομική συμβουλευτική για το άσυλο",
            "Legal advice on asylum", ("asylum_seekers", "refugees"), ("el", "en", "fa", "ar"),
            (((0, 2), "10:00", "14:00"),), appointment=True, phone=True),
    Example("greek-women", "education", "greek_courses",
            "Μαθήματα ελληνικών για γυναίκες με παιδιά", "Greek lessons for women with children",
            ("women", "children_families"), ("el", "en", "ar", "fa"),
            (((1, 3), "10:00", "13:00"),), walk_in=True),
    Example("primary-care", "health", "primary_care", "Ιατρείο πρωτοβάθμιας φροντίδας",
            "Primary care clinic", ("migrants", "undocumented", "asylum_seekers"),
            ("el", "en", "fr", "ar"), ((WEEKDAYS, "09:00", "15:00"),), walk_in=True),
    Example("counselling", "psychosocial", "counselling", "Ψυχολογική υποστήριξη",
            "Psychological support", ("refugees", "gbv_survivors"), ("el", "en", "fa", "prs"),
            (((0, 1, 2, 3), "12:00", "18:00"),), appointment=True, online=True),
    Example("jobs", "employment", "job_counselling", "Συμβουλευτική για εργασία",
            "Job counselling", ("migrants", "refugees"), ("el", "en", "ur", "bn"),
            (((1, 3), "09:00", "13:00"),), appointment=True),
    Example("documents", "documents", "social_security", "Βοήθεια για ΑΜΚΑ και ΑΦΜ",
            "Help with AMKA and tax numbers", ("asylum_seekers", "refugees", "migrants"),
            ("el", "en", "ar", "ps"), (((0, 2, 4), "09:00", "12:00"),), walk_in=True),
    Example("food", "basic_needs", "food", "Διανομή τροφίμων", "Food distribution",
            ("homeless", "children_families"), ("el", "en", "ar", "so"),
            (((5,), "10:00", "13:00"),), walk_in=True),
    Example("children", "child_protection", "child_friendly", "Χώρος φιλικός για παιδιά",
            "Child-friendly space", ("children_families", "unaccompanied_minors"),
            ("el", "en", "ar", "fa"), ((WEEKDAYS, "16:00", "19:00"),), walk_in=True),
    Example("interpretation", "interpretation", None,
            "Διερμηνεία και διαπολιτισμική μεσολάβηση",
            "Interpretation and intercultural mediation", ("professionals", "migrants"),
            ("ar", "fa", "prs", "ps", "ur", "fr", "so", "ti", "am", "ln"),
            ((WEEKDAYS, "09:00", "17:00"),), phone=True, referral=True),
    Example("gbv", "gbv", "gbv_counselling", "Συμβουλευτική για την έμφυλη βία",
            "Counselling on gender-based violence", ("women", "gbv_survivors", "lgbtqi"),
            ("el", "en", "fr", "ar"), ((WEEKDAYS, "09:00", "21:00"),), phone=True,
            appointment=True),
    Example("shelter", "gbv", "gbv_shelter", "Φιλοξενία γυναικών και παιδιών",
            "Shelter for women and children", ("women", "gbv_survivors", "children_families"),
            ("el", "en"), ((WEEKDAYS, "09:00", "17:00"),), phone=True, referral=True),
    Example("homeless", "housing", "homelessness", "Υποστήριξη αστέγων",
            "Support for homeless people", ("homeless", "older_people"), ("el", "en", "sq", "ru"),
            (((0, 1, 2, 3, 4, 5, 6), "08:00", "20:00"),), walk_in=True),
    Example("sports", "community", "sports", "Αθλητικές δραστηριότητες για νέους",
            "Sports for young people", ("children_families",), ("el", "en", "ar", "fa", "uk"),
            (((5, 6), "11:00", "14:00"),), walk_in=True, status=ServiceStatus.CLOSED),
    Example("english", "education", "language_courses", "Μαθήματα αγγλικών για ενήλικες",
            "English lessons for adults", ("migrants", "refugees"), ("el", "en"),
            (((0, 2), "18:00", "20:00"),), appointment=True, free=False, english=False),
    Example("volunteering", "community", "volunteering", "Εθελοντικές δράσεις στη γειτονιά",
            "Neighbourhood volunteering", ("professionals", "migrants"), ("el", "en"),
            (((2,), "17:00", "20:00"),), online=True),
    Example("business", "employment", "entrepreneurship", "Στήριξη νέων επιχειρήσεων",
            "Support for new businesses", ("migrants", "refugees"), ("el", "en", "ar"),
            (((1, 3), "10:00", "16:00"),), appointment=True, online=True),
    Example("info", "information", None, "Ενημέρωση και παραπομπή", "Information and referral",
            ("asylum_seekers", "refugees", "migrants"), ("el", "en", "ar", "fa"),
            ((WEEKDAYS, "10:00", "14:00"),), walk_in=True, phone=True),
]
# fmt: on
EXAMPLES_BY_KEY = {example.key: example for example in EXAMPLES}

# Example services that fit what a municipal body is for, by its English name.
FITTING_EXAMPLES = {
    "City of Athens": ("info", "documents"),
    "Shelter for Women Victims of Violence and their Children, City of Athens": ("shelter",),
    "Centre for Combating Gender-Based Violence and Multiple Discrimination, City of Athens": (
        "gbv",
        "counselling",
    ),
    "Reception and Solidarity Center of the City of Athens (KYADA)": ("food", "homeless"),
    "Migrant Integration Centre of the City of Athens (KEM)": ("documents", "greek-women"),
    "synAthina (City of Athens)": ("volunteering",),
    "Athens Development & Destination Management Agency (EATA/ADDMA)": ("business",),
}
GENERAL_EXAMPLES = [
    key for key in EXAMPLES_BY_KEY if key not in {"shelter", "volunteering", "business", "info"}
]

EXAMPLE_NOTE_EL = (
    "Παράδειγμα για την παρουσίαση της πύλης: δεν περιγράφει πραγματική υπηρεσία του φορέα "
    "και οι ώρες, οι γλώσσες και η διεύθυνση είναι φανταστικές."
)
EXAMPLE_NOTE_EN = (
    "An example to show how the portal works: it does not describe a real service of this "
    "organisation, and its hours, languages and address are made up."
)


def _time(value: str) -> dt.time:
    return dt.time.fromisoformat(value)


def _set_hours(service: Service, hours) -> None:
    wanted = sorted(
        (day, _time(opens), _time(closes)) for days, opens, closes in hours for day in days
    )
    if sorted(service.schedules.values_list("weekday", "opens", "closes")) == wanted:
        return
    service.schedules.all().delete()
    Schedule.objects.bulk_create(
        Schedule(service=service, weekday=day, opens=opens, closes=closes)
        for day, opens, closes in wanted
    )


def _example_location(organisation: Organisation, community: int) -> Location:
    return _upsert(
        Location,
        {"organisation": organisation, "name_el": "Παράδειγμα (όχι πραγματική διεύθυνση)"},
        {
            "name_en": "Example (not a real address)",
            "address_el": "Διεύθυνση παραδείγματος",
            "address_en": "Example address",
            "postcode": "",
            "municipality_el": "Αθήνα",
            "municipality_en": "Athens",
            "community": community,
        },
    )


@dataclass(frozen=True)
class _Terms:
    """Vocabulary rows by key, read once for the whole seed."""

    categories: dict
    groups: dict
    languages: dict

    @classmethod
    def load(cls) -> "_Terms":
        return cls(
            categories={c.slug: c for c in ServiceCategory.objects.all()},
            groups={g.slug: g for g in PopulationGroup.objects.all()},
            languages={lang.slug: lang for lang in Language.objects.all()},
        )


def _add_example(
    organisation: Organisation, example: Example, location: Location | None, terms: _Terms
) -> Service:
    categories = terms.categories
    service = _upsert(
        Service,
        {"slug": f"{organisation.slug[:120]}-{example.key}"},
        {
            "organisation": organisation,
            "name_el": f"{example.name_el} (παράδειγμα)",
            "name_en": f"{example.name_en} (example)" if example.english else "",
            "description_el": EXAMPLE_NOTE_EL,
            "description_en": EXAMPLE_NOTE_EN if example.english else "",
            "category": categories[example.category],
            "subcategory": categories[example.subcategory] if example.subcategory else None,
            "access_walk_in": example.walk_in,
            # Only the ways the organisation's contact details can keep (Service.clean()).
            "access_appointment": example.appointment
            and bool(organisation.phone or organisation.email),
            "access_phone": example.phone and bool(organisation.phone),
            "access_online": example.online and bool(organisation.email or organisation.website),
            "access_referral": example.referral,
            "is_free": example.free,
            "status": example.status,
        },
        on_create={"last_checked": timezone.localdate()},
    )
    service.population_groups.set([terms.groups[key] for key in example.groups])
    service.languages.set([terms.languages[key] for key in example.languages])
    service.locations.set([location] if location else [])
    _set_hours(service, example.hours)
    return service


def _seed_accmr(facts: dict, types: dict) -> Organisation:
    accmr = _upsert(
        Organisation,
        {"slug": latin_slug(facts["name_en"], ORGANISATION_SLUG_LENGTH)},
        {
            "name_el": facts["name_el"],
            "name_en": facts["name_en"],
            "short_name": facts["short_name"],
            "type": types[facts["type"]],
            "description_el": (
                "Το Κέντρο Συντονισμού του Δήμου Αθηναίων για θέματα Μεταναστών και Προσφύγων "
                "φέρνει κοντά τον Δήμο, τις οργανώσεις και τους διεθνείς οργανισμούς που "
                "στηρίζουν μετανάστες και πρόσφυγες στην Αθήνα, και συντονίζει το Δίκτυο "
                "Πόλεων για την Ένταξη."
            ),
            "description_en": (
                "The Athens Coordination Center for Migrant and Refugee issues brings together "
                "the City of Athens, civil society and international organisations that support "
                "migrants and refugees in Athens, and coordinates the Cities Network for "
                "Integration."
            ),
            "website": facts["website"],
            "phone": facts["phone"],
            "status": Status.PUBLISHED,
        },
        on_create={"last_checked": timezone.localdate()},
    )
    place = facts["location"]
    location = _upsert(
        Location,
        {"organisation": accmr, "address_el": place["address_el"]},
        {key: value for key, value in place.items() if key != "address_el"},
    )
    categories = {c.slug: c for c in ServiceCategory.objects.filter(slug="information")}
    service = _upsert(
        Service,
        {"slug": f"{accmr.slug}-information"},
        {
            "organisation": accmr,
            "name_el": "Ενημέρωση και συντονισμός για οργανώσεις και δήμους",
            "name_en": "Information and coordination for organisations and municipalities",
            "description_el": (
                "Ενημέρωση για τις οργανώσεις και τις υπηρεσίες της πόλης, σύνδεση φορέων "
                "μεταξύ τους και στήριξη των δήμων του Δικτύου Πόλεων για την Ένταξη."
            ),
            "description_en": (
                "Information on the city's organisations and services, putting organisations "
                "in touch with each other, and support for the municipalities of the Cities "
                "Network for Integration."
            ),
            "category": categories["information"],
            "subcategory": None,
            "access_walk_in": False,
            "access_phone": True,
            "is_free": True,
            "status": ServiceStatus.PUBLISHED,
        },
        on_create={"last_checked": timezone.localdate()},
    )
    service.population_groups.set(PopulationGroup.objects.filter(slug="professionals"))
    service.languages.set(Language.objects.filter(slug__in=["el", "en"]))
    service.locations.set([location])
    hours = facts["hours"]
    _set_hours(service, ((tuple(hours["weekdays"]), hours["opens"], hours["closes"]),))
    return accmr


def seed_organisations() -> None:
    """ACCMR, its member organisations and the City of Athens' municipal bodies."""
    data = _load("organisations.json")
    types = {t.slug: t for t in OrganisationType.objects.all()}
    _seed_accmr(data["accmr"], types)
    terms = _Terms.load()
    general = itertools.cycle(GENERAL_EXAMPLES)
    communities = itertools.cycle(range(1, 8))
    for facts in data["organisations"]:
        name_en = facts["name_en"]
        organisation = _upsert(
            Organisation,
            {"slug": latin_slug(name_en, ORGANISATION_SLUG_LENGTH)},
            {
                "name_el": facts["name_el"] or name_en,
                "name_en": name_en,
                "type": types[facts["type"]],
                "website": facts["website"],
                "is_member": facts["relation"] == "member",
                "status": Status.PUBLISHED,
            },
        )
        location = _example_location(organisation, next(communities))
        keys = FITTING_EXAMPLES.get(name_en) or (next(general), next(general))
        for key in keys:
            _add_example(organisation, EXAMPLES_BY_KEY[key], location, terms)
