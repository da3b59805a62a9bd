"""Example open calls and toolkit publications for demos, plainly marked as examples.

Idempotent: examples are found again by their slug (publications) or their example title
(calls), so running seed_demo twice adds nothing. The synthetic calls and publications of
`seed_demo --scale N` are in bench/bulletin_scale.py.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from bulletin.models import OpenCall, Publication
from members.models import Language, Organisation, ServiceCategory, Status

EXAMPLE = "[Παράδειγμα] "
EXAMPLE_EN = "[Example] "

CALLS = [
    # direction, kind, visibility, days open, Greek title, English title, Greek text, English
    (
        "offer",
        "interpreters",
        "everyone",
        30,
        "Διερμηνείς αραβικών και φαρσί για ραντεβού",
        "Arabic and Farsi interpreters for appointments",
        "Δύο διερμηνείς μας μπορούν να συνοδεύσουν ωφελούμενους σε ραντεβού, Τρίτη και Πέμπτη.",
        "Two of our interpreters can accompany beneficiaries to appointments, Tuesdays and "
        "Thursdays.",
    ),
    (
        "request",
        "goods",
        "everyone",
        14,
        "Χρειαζόμαστε χειμερινά ρούχα για παιδιά",
        "We need winter clothes for children",
        "Μπουφάν και παπούτσια για παιδιά 4–12 ετών, για 40 οικογένειες.",
        "Jackets and shoes for children aged 4–12, for 40 families.",
    ),
    (
        "offer",
        "space",
        "members",
        45,
        "Αίθουσα για εκπαιδεύσεις τα απογεύματα",
        "A training room in the afternoons",
        "Αίθουσα 25 θέσεων με προβολικό, δωρεάν για μέλη, Δευτέρα–Τετάρτη 16:00–20:00.",
        "A room for 25 people with a projector, free for members, Monday–Wednesday 16:00–20:00.",
    ),
    (
        "request",
        "volunteers",
        "everyone",
        60,
        "Εθελοντές για μαθήματα ελληνικών",
        "Volunteers for Greek lessons",
        "Ζητούμε εθελοντές για μαθήματα ελληνικών σε ενήλικες, δύο ώρες την εβδομάδα.",
        "We are looking for volunteers to teach Greek to adults, two hours a week.",
    ),
]

PUBLICATIONS = [
    # slug, type, year, Greek title, English title, Greek summary, English summary
    (
        "example-guide-asylum-procedure",
        "guide",
        2025,
        "Οδηγός για τη διαδικασία ασύλου",
        "A guide to the asylum procedure",
        "Τα βήματα της διαδικασίας ασύλου στην Ελλάδα, με χρήσιμες επαφές.",
        "The steps of the asylum procedure in Greece, with useful contacts.",
    ),
    (
        "example-report-housing-2024",
        "report",
        2024,
        "Έρευνα για τη στέγαση προσφύγων στην Αθήνα",
        "Survey on refugee housing in Athens",
        "Ευρήματα έρευνας σε 300 νοικοκυριά για τις συνθήκες στέγασης.",
        "Findings of a survey of 300 households on their housing conditions.",
    ),
    (
        "example-leaflet-health-services",
        "information",
        2025,
        "Ενημερωτικό φυλλάδιο: πρόσβαση σε υπηρεσίες υγείας",
        "Leaflet: access to health services",
        "Πώς αποκτά κανείς ΠΑΑΥΠΑ και πού απευθύνεται για ιατρική φροντίδα.",
        "How to get a PAAYPA number and where to go for health care.",
    ),
]


def _publisher() -> Organisation | None:
    return (
        Organisation.objects.filter(is_member=True, status=Status.PUBLISHED)
        .order_by("slug")
        .first()
    )


def seed_examples() -> None:
    today = timezone.localdate()
    members = list(
        Organisation.objects.filter(is_member=True, status=Status.PUBLISHED).order_by("slug")[:4]
    )
    languages = {lang.slug: lang for lang in Language.objects.all()}
    themes = list(ServiceCategory.objects.filter(parent__isnull=True).order_by("order")[:3])
    with transaction.atomic():
        for n, (direction, kind, visibility, days, el, en, text_el, text_en) in enumerate(CALLS):
            if not members or OpenCall.objects.filter(title_el=EXAMPLE + el).exists():
                continue
            call = OpenCall(
                organisation=members[n % len(members)],
                direction=direction,
                kind=kind,
                visibility=visibility,
                closes_on=today + dt.timedelta(days=days),
                title_el=EXAMPLE + el,
                title_en=EXAMPLE_EN + en,
                description_el=text_el,
                description_en=text_en,
                state=OpenCall.State.OPEN,
                published_at=timezone.now(),
                is_example=True,
            )
            call.full_clean()
            call.save()
        publisher = _publisher()
        for n, (slug, type_, year, el, en, summary_el, summary_en) in enumerate(PUBLICATIONS):
            if Publication.objects.filter(slug=slug).exists():
                continue
            publication = Publication(
                slug=slug,
                type=type_,
                year=year,
                title_el=EXAMPLE + el,
                title_en=EXAMPLE_EN + en,
                summary_el=summary_el,
                summary_en=summary_en,
                publisher=publisher if n % 2 == 0 else None,
                publisher_name="" if n % 2 == 0 and publisher else "ACCMR",
                external_url=f"https://example.org/{slug}.pdf",
                state=Publication.State.PUBLISHED,
                published_at=timezone.now(),
                is_example=True,
            )
            publication.full_clean(exclude=["languages", "themes"])
            publication.save()
            publication.languages.set(
                [lang for code, lang in languages.items() if code in ("el", "en")]
            )
            publication.themes.set(themes[n % len(themes) : n % len(themes) + 1] if themes else [])
