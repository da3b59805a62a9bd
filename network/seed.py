"""Seed data for the Cities Network (facts copied from the project's reference data).

`seed_network()` is idempotent and never overwrites a network row or organisation that
already exists, so a coordinator's later edits survive a re-run. The vocabularies are the
directory's: it runs members.seed.seed_vocabularies first (as seed_demo does), instead of
restating them; organisations it needs are found by slug and created only when missing.

Facts: network/data/network_cities.json (the 18 municipalities) and
network/data/athens_bodies.json (the City of Athens and its municipal bodies).
Everything else here is EXAMPLE content for the demo, and says so in its name:
structures and services of the other 17 municipalities, good practices, one news item.
No focal point, phone number, e-mail address or person is seeded.
"""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from accmr.lib.text import latin_slug
from bulletin.models import NewsPost, Topic
from members.models import (
    ORGANISATION_SLUG_LENGTH,
    Organisation,
    OrganisationType,
    Service,
    ServiceCategory,
    ServiceStatus,
    Status,
)
from members.seed import seed_vocabularies
from network.models import GoodPractice, Municipality, Structure

DATA = Path(__file__).resolve().parent / "data"

EXAMPLE_NOTE_EL = "Παράδειγμα για την επίδειξη της πύλης: δεν περιγράφει πραγματική υπηρεσία."
EXAMPLE_NOTE_EN = "Example for the portal demo: it does not describe a real service."

# Example services: key -> (category, sub-category, Greek name, English name, runs at).
# "cc" services run at the example Community Centre where there is one, else at the ΚΕΜ.
EXAMPLE_SERVICES = {
    "greek": (
        "education",
        "greek_courses",
        "Μαθήματα ελληνικών για ενήλικες",
        "Greek lessons for adults",
        "kem",
    ),
    "info": ("information", None, "Ενημέρωση και παραπομπή", "Information and referral", "kem"),
    "legal": (
        "legal",
        "residence",
        "Συμβουλευτική για άδειες διαμονής",
        "Advice on residence permits",
        "kem",
    ),
    "jobs": (
        "employment",
        "job_counselling",
        "Συμβουλευτική σταδιοδρομίας",
        "Career counselling",
        "kem",
    ),
    "mediation": (
        "interpretation",
        None,
        "Διαπολιτισμική μεσολάβηση",
        "Intercultural mediation",
        "kem",
    ),
    "homework": (
        "education",
        "school_support",
        "Στήριξη μαθητών στα μαθήματα του σχολείου",
        "Homework support for pupils",
        "cc",
    ),
    "psycho": (
        "psychosocial",
        "counselling",
        "Ψυχοκοινωνική στήριξη",
        "Psychosocial support",
        "cc",
    ),
    "food": ("basic_needs", "food", "Κοινωνικό παντοπωλείο", "Social grocery", "cc"),
    "culture": (
        "community",
        "culture",
        "Πολιτιστικές δράσεις γειτονιάς",
        "Neighbourhood cultural activities",
        "cc",
    ),
}

# Which example services each municipality shows (so the comparison has gaps to see),
# and which municipalities also get an example Community Centre and ΣΕΜΠ.
EXAMPLE_PROFILES = {
    "athens": ["greek", "mediation"],
    "thessaloniki": ["greek", "info", "legal", "jobs", "mediation", "homework", "psycho", "food"],
    "katerini": ["greek", "info", "legal", "homework", "food"],
    "agios-dimitrios": ["info", "culture"],
    "heraklion": ["greek", "info", "mediation", "jobs"],
    "ioannina": ["greek", "info", "legal"],
    "karditsa": ["greek", "info", "jobs"],
    "larissa": ["greek", "info", "mediation"],
    "livadeia": ["info"],
    "nea-filadelfeia-nea-chalkidona": ["info", "homework"],
    "piraeus": ["greek", "info", "legal", "jobs"],
    "trikala": ["greek", "info", "culture"],
    "tripoli": ["greek", "info"],
    "tilos": ["info"],
    "neapoli-sykies": ["greek", "info", "psycho"],
    "chania": ["greek", "info", "mediation"],
    "delta": ["info", "jobs"],
    "kalamaria": ["greek", "info", "culture"],
}
WITH_COMMUNITY_CENTRE = {"thessaloniki", "katerini"}

EXAMPLE_PRACTICES = [
    {
        "slug": "greek-lessons-with-childcare-example",
        "title_el": "Μαθήματα ελληνικών με φύλαξη παιδιών (παράδειγμα)",
        "title_en": "Greek lessons with childcare (example)",
        "summary_el": "Παράδειγμα: γονείς παρακολουθούν μαθήματα ελληνικών ενώ τα παιδιά τους "
        "απασχολούνται δίπλα, στον ίδιο χώρο.",
        "summary_en": "Example: parents attend Greek lessons while their children are looked "
        "after next door, in the same building.",
        "body_el": "Αυτή η καταχώριση είναι παράδειγμα για την επίδειξη της βιβλιοθήκης καλών "
        "πρακτικών· δεν περιγράφει πραγματικό πρόγραμμα.\n\nΔείχνει πώς μια πρακτική "
        "περιγράφεται: ποιο πρόβλημα λύνει, τι χρειάστηκε και τι έμαθε ο δήμος.",
        "body_en": "This entry is an example that shows how the good-practice library works; it "
        "does not describe a real programme.\n\nIt shows how a practice is described: the "
        "problem it solves, what it took and what the municipality learnt.",
        "date": dt.date(2024, 3, 15),
        "municipalities": ["thessaloniki", "katerini"],
        "themes": ["education"],
    },
    {
        "slug": "one-stop-information-desk-example",
        "title_el": "Ενιαίο σημείο ενημέρωσης στο δημαρχείο (παράδειγμα)",
        "title_en": "A single information desk at the town hall (example)",
        "summary_el": "Παράδειγμα: ένα γραφείο όπου νεοαφιχθέντες βρίσκουν σε μία επίσκεψη "
        "ενημέρωση και παραπομπή σε όλες τις δημοτικές υπηρεσίες.",
        "summary_en": "Example: one desk where newcomers get information and referral to every "
        "municipal service in a single visit.",
        "body_el": "Αυτή η καταχώριση είναι παράδειγμα για την επίδειξη της πύλης· δεν περιγράφει "
        "πραγματικό πρόγραμμα.",
        "body_en": "This entry is an example for the portal demo; it does not describe a real "
        "programme.",
        "date": dt.date(2023, 10, 2),
        "municipalities": ["athens", "piraeus"],
        "themes": ["information"],
    },
    {
        "slug": "intercultural-mediators-in-municipal-services-example",
        "title_el": "Διαπολιτισμικοί μεσολαβητές στις δημοτικές υπηρεσίες (παράδειγμα)",
        "title_en": "Intercultural mediators in municipal services (example)",
        "summary_el": "Παράδειγμα: κοινή ομάδα μεσολαβητών που εξυπηρετεί τις υπηρεσίες δύο "
        "δήμων με προγραμματισμένες ώρες.",
        "summary_en": "Example: a shared team of mediators serving two municipalities' offices "
        "on a set timetable.",
        "body_el": "Αυτή η καταχώριση είναι παράδειγμα για την επίδειξη της πύλης· δεν περιγράφει "
        "πραγματικό πρόγραμμα.",
        "body_en": "This entry is an example for the portal demo; it does not describe a real "
        "programme.",
        "date": dt.date(2022, 6, 20),
        "municipalities": ["heraklion", "chania"],
        "themes": ["interpretation"],
    },
    {
        "slug": "neighbourhood-volunteering-programme-example",
        "title_el": "Πρόγραμμα εθελοντισμού της γειτονιάς (παράδειγμα)",
        "title_en": "A neighbourhood volunteering programme (example)",
        "summary_el": "Παράδειγμα: κάτοικοι, μετανάστες και πρόσφυγες οργανώνουν μαζί μικρές "
        "δράσεις για τη γειτονιά τους.",
        "summary_en": "Example: residents, migrants and refugees organise small activities for "
        "their neighbourhood together.",
        "body_el": "Αυτή η καταχώριση είναι παράδειγμα για την επίδειξη της πύλης· δεν περιγράφει "
        "πραγματικό πρόγραμμα.",
        "body_en": "This entry is an example for the portal demo; it does not describe a real "
        "programme.",
        "date": dt.date(2025, 2, 10),
        "municipalities": ["larissa", "trikala", "karditsa"],
        "themes": ["community", "education"],
    },
]

NEWS = [
    {
        # A fact from the reference data (ACCMR's report of the meeting).
        "date": dt.date(2018, 11, 5),
        "slug": "first-meeting-of-the-cities-network-for-integration",
        "title_el": "Πρώτη συνάντηση του Δικτύου Πόλεων για την Ένταξη",
        "title_en": "First meeting of the Cities Network for Integration",
        "body_el": "Δώδεκα δήμοι συναντήθηκαν στο Δημαρχείο της Αθήνας και ένωσαν τις δυνάμεις "
        "τους για την ομαλή ένταξη των προσφύγων και των μεταναστών στις τοπικές κοινωνίες.",
        "body_en": "Twelve municipalities met at Athens City Hall and joined forces for the "
        "smooth integration of refugees and migrants into their local communities.",
    },
    {
        "date": dt.date(2025, 5, 14),
        "slug": "technical-forum-meeting-example",
        "is_example": True,
        "title_el": "Συνάντηση του Τεχνικού Φόρουμ (παράδειγμα)",
        "title_en": "Technical Forum meeting (example)",
        "body_el": "Παράδειγμα ανακοίνωσης για την επίδειξη της πύλης: δεν αφορά πραγματική "
        "συνάντηση.",
        "body_en": "Example announcement for the portal demo: it does not concern a real meeting.",
    },
]


def _ensure(model, lookup: dict, defaults: dict):
    """The row matching `lookup`, created (validated) from `defaults` only if missing."""
    obj = model.objects.filter(**lookup).first()
    if obj is not None:
        return obj
    obj = model(**lookup, **defaults)
    obj.full_clean()
    obj.save()
    return obj


def _load(name: str):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _organisation_type(slug: str) -> OrganisationType:
    # A type the directory's vocabulary lacks falls back to the generic municipal one.
    found = OrganisationType.objects.filter(slug=slug).first()
    return found or OrganisationType.objects.get(slug="municipal_service")


def _categories() -> dict[str, ServiceCategory]:
    return {category.slug: category for category in ServiceCategory.objects.all()}


def _organisation(name_el: str, name_en: str, type_slug: str, **extra) -> Organisation:
    return _ensure(
        Organisation,
        {"slug": latin_slug(name_en, ORGANISATION_SLUG_LENGTH)},
        {
            "name_el": name_el,
            "name_en": name_en,
            "type": _organisation_type(type_slug),
            "status": Status.PUBLISHED,
            **extra,
        },
    )


def _municipalities() -> dict[str, Municipality]:
    municipalities = {}
    for row in _load("network_cities.json")["municipalities"]:
        own = _organisation(
            row["official_name_el"],
            row["official_name_en"],
            "local_authority",
            website=row["website"],
            is_member=row["slug"] == "athens",  # a documented ACCMR member
            description_el=f"Ο {row['official_name_el']} είναι μέλος του Δικτύου Πόλεων για "
            "την Ένταξη.",
            description_en=f"The {row['official_name_en']} is a member of the Cities Network "
            "for Integration.",
        )
        municipality = _ensure(
            Municipality,
            {"slug": row["slug"]},
            {
                "name_el": row["name_el"],
                "name_en": row["name_en"],
                "region_el": row["region_el"],
                "region_en": row["region_en"],
                "latitude": Decimal(str(row["lat"])),
                "longitude": Decimal(str(row["lon"])),
                "joined_year": row["joined"],
                "data_uncertain": not row["certain"],
                "website": row["website"],
                "description_el": row["description_el"],
                "description_en": row["description_en"],
                "status": Status.PUBLISHED,
            },
        )
        if municipality.organisation_id is None:
            municipality.organisation = own
            municipality.save(update_fields=["organisation", "search_text"])
        municipalities[row["slug"]] = municipality
    return municipalities


def _athens_structures(athens: Municipality) -> Organisation | None:
    kem = None
    for body in _load("athens_bodies.json")["bodies"]:
        organisation = _organisation(
            body["name_el"],
            body["name_en"],
            body["type"],
            website=body["website"],
        )
        if body["structure"] == "local_authority":
            continue  # linked as the municipality's own record
        kind = Structure.Kind.KEM if body["structure"] == "kem" else Structure.Kind.OTHER
        _ensure(Structure, {"municipality": athens, "kind": kind, "organisation": organisation}, {})
        if kind == Structure.Kind.KEM:
            kem = organisation
    return kem


def _genitive(official_name_el: str) -> str:
    # "Δήμος Κατερίνης" -> "Δήμου Κατερίνης"
    return official_name_el.replace("Δήμος ", "Δήμου ", 1)


def _example_structures(municipality: Municipality, row: dict) -> dict[str, Organisation]:
    """An example ΚΕΜ (and for some a Community Centre and ΣΕΜΠ), plainly marked."""
    of_el, of_en = _genitive(row["official_name_el"]), row["official_name_en"]
    found = {}
    bodies = [
        ("kem", Structure.Kind.KEM, "Κέντρο Ένταξης Μεταναστών", "Migrant Integration Centre")
    ]
    if row["slug"] in WITH_COMMUNITY_CENTRE:
        bodies.append(
            ("cc", Structure.Kind.COMMUNITY_CENTRE, "Κοινοτικό Κέντρο", "Community Centre")
        )
    for key, kind, label_el, label_en in bodies:
        organisation = _organisation(
            f"{label_el} {of_el} (παράδειγμα)",
            f"{label_en} of the {of_en} (example)",
            "municipal_service",
            description_el="Παράδειγμα για την επίδειξη της πύλης: τα στοιχεία αυτής της "
            "καταχώρισης δεν είναι πραγματικά.",
            description_en="Example for the portal demo: the details of this entry are not real.",
        )
        _ensure(
            Structure,
            {"municipality": municipality, "kind": kind, "organisation": organisation},
            {"note_el": "Παράδειγμα", "note_en": "Example"},
        )
        found[key] = organisation
    if row["slug"] in WITH_COMMUNITY_CENTRE:
        _ensure(
            Structure,
            {"municipality": municipality, "kind": Structure.Kind.SEMP},
            {
                "note_el": "Παράδειγμα χωρίς καταχώριση στον κατάλογο",
                "note_en": "Example without a directory record",
            },
        )
    return found


def _example_services(
    city_slug: str, providers: dict[str, Organisation], categories: dict[str, ServiceCategory]
) -> None:
    for key in EXAMPLE_PROFILES.get(city_slug, []):
        category, subcategory, name_el, name_en, runs_at = EXAMPLE_SERVICES[key]
        provider = providers.get(runs_at) or providers["kem"]
        _ensure(
            Service,
            {"slug": f"{city_slug}-{key}-example"},
            {
                "organisation": provider,
                "name_el": f"{name_el} (παράδειγμα)",
                "name_en": f"{name_en} (example)",
                "description_el": EXAMPLE_NOTE_EL,
                "description_en": EXAMPLE_NOTE_EN,
                "category": categories[category],
                "subcategory": categories[subcategory] if subcategory else None,
                "status": ServiceStatus.PUBLISHED,
            },
        )


def _example_practices(
    municipalities: dict[str, Municipality], categories: dict[str, ServiceCategory]
) -> None:
    for data in EXAMPLE_PRACTICES:
        data = dict(data)
        municipality_slugs = data.pop("municipalities")
        theme_slugs = data.pop("themes")
        slug = data.pop("slug")
        if GoodPractice.objects.filter(slug=slug).exists():
            continue
        practice = _ensure(
            GoodPractice, {"slug": slug}, {**data, "is_example": True, "status": Status.PUBLISHED}
        )
        practice.municipalities.set([municipalities[s] for s in municipality_slugs])
        practice.themes.set([categories[s] for s in theme_slugs])


def _news() -> None:
    """The network's news: bulletin news posts with the "Cities Network" topic."""
    for data in NEWS:
        data = dict(data)
        _ensure(
            NewsPost,
            {"date": data.pop("date"), "title_el": data.pop("title_el")},
            {**data, "topic": Topic.NETWORK, "status": Status.PUBLISHED},
        )


def seed_network() -> None:
    """The network's municipalities, their structures and example good practices."""
    seed_vocabularies()
    categories = _categories()
    municipalities = _municipalities()
    rows = {row["slug"]: row for row in _load("network_cities.json")["municipalities"]}
    for slug, municipality in municipalities.items():
        if slug == "athens":
            kem = _athens_structures(municipality)
            providers = {"kem": kem} if kem else {}
        else:
            providers = _example_structures(municipality, rows[slug])
        if providers:
            _example_services(slug, providers, categories)
    _example_practices(municipalities, categories)
    _news()
