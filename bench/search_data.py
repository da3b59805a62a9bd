"""Bulk synthetic directory rows for the search benchmark (example data, clearly marked).

Usage: DATABASE_URL=... python bench/search_data.py 10000
Adds N example organisations with five example services each (about 5N services), built
with the models' own build_search_text(), so the search column is what saving would write.
Re-running replaces the earlier bench rows (slugs starting with "bench-"). Used only when
`seed_demo --scale` is not available; prefer that when it is.
"""

import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accmr.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from members.models import (  # noqa: E402
    Organisation,
    OrganisationType,
    Service,
    ServiceCategory,
    ServiceStatus,
    Status,
)

SERVICES = [
    ("Μαθήματα ελληνικών", "Greek lessons"),
    ("Νομική βοήθεια", "Legal aid"),
    ("Ψυχολογική υποστήριξη", "Psychological support"),
    ("Υποστήριξη στέγασης", "Housing support"),
    ("Συμβουλευτική απασχόλησης", "Employment counselling"),
    ("Διερμηνεία", "Interpreting"),
    ("Ιατρική φροντίδα", "Medical care"),
    ("Μαθήματα αγγλικών", "English lessons"),
    ("Δραστηριότητες για παιδιά", "Activities for children"),
    ("Διανομή τροφίμων", "Food distribution"),
    ("Ενημέρωση για το άσυλο", "Asylum information"),
    ("Υποστήριξη γυναικών", "Support for women"),
    ("Κοινωνική υπηρεσία", "Social service"),
    ("Εκπαίδευση ενηλίκων", "Adult education"),
    ("Πληροφόρηση για δικαιώματα", "Information on rights"),
    ("Συμβουλευτική οικογένειας", "Family counselling"),
    ("Μαθήματα υπολογιστών", "Computer classes"),
    ("Υποστήριξη ασυνόδευτων ανηλίκων", "Support for unaccompanied children"),
    ("Ρούχα και είδη πρώτης ανάγκης", "Clothes and essentials"),
    ("Βοήθεια με έγγραφα", "Help with documents"),
]
AREAS = [
    ("Αθήνα", "Athens"),
    ("Πειραιάς", "Piraeus"),
    ("Εξάρχεια", "Exarcheia"),
    ("Κυψέλη", "Kypseli"),
    ("Πατήσια", "Patisia"),
    ("Θεσσαλονίκη", "Thessaloniki"),
    ("Λάρισα", "Larissa"),
    ("Ηράκλειο", "Heraklion"),
    ("Ιωάννινα", "Ioannina"),
    ("Τρίκαλα", "Trikala"),
]


def main(count: int) -> None:
    rng = random.Random(7)
    org_type, _ = OrganisationType.objects.get_or_create(
        slug="bench-ngo", defaults={"name_el": "ΜΚΟ (παράδειγμα)", "name_en": "NGO (example)"}
    )
    category, _ = ServiceCategory.objects.get_or_create(
        slug="bench-category",
        defaults={"name_el": "Κατηγορία (παράδειγμα)", "name_en": "Category (example)"},
    )
    with transaction.atomic():
        Service.objects.filter(slug__startswith="bench-").delete()
        Organisation.objects.filter(slug__startswith="bench-").delete()
        organisations = []
        for n in range(count):
            area_el, area_en = rng.choice(AREAS)
            org = Organisation(
                name_el=f"Οργάνωση-παράδειγμα {n} ({area_el})",
                name_en=f"Example organisation {n} ({area_en})",
                slug=f"bench-organisation-{n}",
                type=org_type,
                description_el=(
                    f"Παράδειγμα για δοκιμές φόρτου. Δραστηριοποιείται στην περιοχή {area_el}."
                ),
                description_en=f"Example for load tests. Works in the {area_en} area.",
                status=Status.PUBLISHED,
            )
            org.search_text = org.build_search_text()
            organisations.append(org)
        Organisation.objects.bulk_create(organisations, batch_size=2000)
        organisations = list(Organisation.objects.filter(slug__startswith="bench-").order_by("pk"))
        services = []
        for org in organisations:
            for name_el, name_en in rng.sample(SERVICES, 5):
                area_el, area_en = rng.choice(AREAS)
                service = Service(
                    organisation=org,
                    name_el=f"{name_el} (παράδειγμα)",
                    name_en=f"{name_en} (example)",
                    slug=f"bench-service-{len(services)}",
                    category=category,
                    description_el=(
                        f"Υπηρεσία-παράδειγμα για δοκιμές φόρτου: {name_el.lower()} "
                        f"στην περιοχή {area_el}, δωρεάν, με ραντεβού."
                    ),
                    description_en=(
                        f"Example service for load tests: {name_en.lower()} in the {area_en} "
                        "area, free of charge, by appointment."
                    ),
                    status=ServiceStatus.PUBLISHED,
                )
                service.search_text = service.build_search_text()
                services.append(service)
        Service.objects.bulk_create(services, batch_size=2000)
    print(f"{len(organisations)} example organisations, {len(services)} example services")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10000)
