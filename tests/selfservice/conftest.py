import re

import pytest

from accmr.models import User
from members.models import ORGANISATION_CONTACT_FIELDS
from tests.factories import add_hours, make_editor, make_organisation, make_service

PASSWORD = "correct horse battery"


@pytest.fixture
def coordinator(db) -> User:
    return User.objects.create_superuser(email="coordinator@accmr.example", password=PASSWORD)


@pytest.fixture
def org(db):
    return make_organisation(name="Οργάνωση Α", name_en="Organisation A", slug="organisation-a")


@pytest.fixture
def service(org):
    service = make_service(
        name="Νομική βοήθεια",
        name_en="Legal aid",
        organisation=org,
        slug="legal-aid",
        description_el="Δωρεάν νομική συμβουλευτική.",
        description_en="Free legal advice.",
    )
    add_hours(service, 0, "09:00", "13:00")
    return service


@pytest.fixture
def editor(org) -> User:
    return make_editor(org, email="editor@example.org", password=PASSWORD)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def other_org(db):
    """Someone else's organisation, with a service and a location: the attacker's targets."""
    from tests.factories import make_location

    other = make_organisation(name="Ξένη οργάνωση", slug="other-organisation")
    make_location(organisation=other)
    other_service = make_service(name="Ξένη υπηρεσία", organisation=other, slug="other-service")
    add_hours(other_service, 1, "10:00", "12:00")
    return other


def link_in(body: str, pattern: str) -> str:
    match = re.search(pattern, body)
    assert match, f"no link matching {pattern!r} in:\n{body}"
    return match.group(0)


@pytest.fixture(autouse=True)
def _admin_without_second_factor(settings):
    # The review screens are tested for what they do; two-factor log-in is the back office's.
    settings.OTP_REQUIRED_FOR_STAFF = False


TEXT_FIELDS = (
    "name",
    "description",
    "eligibility",
    "how_to_access",
    "funding_source",
    "hours_notes",
)
FLAGS = (
    "access_walk_in",
    "access_appointment",
    "access_phone",
    "access_online",
    "access_referral",
    "is_free",
)


def service_post_data(service, **overrides) -> dict:
    """What the service form posts when the editor changes only `overrides`."""
    data = {}
    for base in TEXT_FIELDS:
        for lang in ("el", "en"):
            data[f"{base}_{lang}"] = getattr(service, f"{base}_{lang}") or ""
    data["category"] = service.category_id
    data["subcategory"] = service.subcategory_id or ""
    data["population_groups"] = [p.pk for p in service.population_groups.all()]
    data["languages"] = [lang.pk for lang in service.languages.all()]
    data["locations"] = [loc.pk for loc in service.locations.all()]
    for flag in FLAGS:
        if getattr(service, flag):
            data[flag] = "on"
    for name in ("email", "phone", "website"):
        data[name] = getattr(service, name)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def organisation_post_data(org, **overrides) -> dict:
    data = {
        "name_el": org.name_el,
        "name_en": org.name_en or "",
        "description_el": org.description_el or "Περιγραφή.",
        "description_en": org.description_en or "",
    }
    for name in ("short_name", *ORGANISATION_CONTACT_FIELDS):
        data[name] = getattr(org, name)
    data.update(overrides)
    return data


def hours_post_data(rows, extra: int = 3, initial: int | None = None) -> dict:
    """The hours formset as posted: `rows` are (weekday, opens, closes[, delete]) tuples."""
    rows = list(rows)
    total = len(rows) + extra
    data = {
        "hours-TOTAL_FORMS": str(total),
        "hours-INITIAL_FORMS": str(len(rows) if initial is None else initial),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "28",
    }
    for i, row in enumerate(rows):
        data[f"hours-{i}-weekday"] = "" if row[0] is None else str(row[0])
        data[f"hours-{i}-opens"] = row[1]
        data[f"hours-{i}-closes"] = row[2]
        if len(row) > 3 and row[3]:
            data[f"hours-{i}-DELETE"] = "on"
    for i in range(len(rows), total):
        for name in ("weekday", "opens", "closes"):
            data[f"hours-{i}-{name}"] = ""
    return data


def png_bytes(
    width: int = 64, height: int = 64, mode: str = "RGB", fmt: str = "PNG", **save
) -> bytes:
    import io

    from PIL import Image

    image = Image.new(mode, (width, height), color=(11, 79, 138) if mode == "RGB" else 128)
    out = io.BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)
