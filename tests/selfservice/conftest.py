import re

import pytest

from accmr.models import User
from members.models import (
    ORGANISATION_CONTACT_FIELDS,
    SERVICE_ACCESS_FIELDS,
    SERVICE_TRANSLATED_FIELDS,
)
from tests.factories import (
    add_hours,
    logged_in_client,
    make_editor,
    make_organisation,
    make_service,
)

PASSWORD = "correct horse battery"


@pytest.fixture
def coordinator(db) -> User:
    return User.objects.create_superuser(email="coordinator@accmr.example", password=PASSWORD)


@pytest.fixture
def admin_client(coordinator):
    """The coordinator in the admin, on a client of their own (English)."""
    return logged_in_client(coordinator)


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
def other_org(db):
    """Someone else's organisation, with a service and a location: the attacker's targets."""
    from tests.factories import make_location

    other = make_organisation(name="Ξένη οργάνωση", slug="other-organisation")
    make_location(organisation=other)
    other_service = make_service(name="Ξένη υπηρεσία", organisation=other, slug="other-service")
    add_hours(other_service, 1, "10:00", "12:00")
    return other


def invitation_token_sent() -> str:
    """The token in the link of the last invitation e-mail (tasks run at once in tests)."""
    from django.core import mail

    match = re.search(r"/account/invitation/([^/\s]+)/", mail.outbox[-1].body)
    assert match, "no invitation link in the last e-mail"
    return match.group(1)


def link_in(body: str, pattern: str) -> str:
    match = re.search(pattern, body)
    assert match, f"no link matching {pattern!r} in:\n{body}"
    return match.group(0)


TEXT_FIELDS = SERVICE_TRANSLATED_FIELDS
FLAGS = SERVICE_ACCESS_FIELDS


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


def hours_post_data(rows, extra: int = 0, initial: int | None = None) -> dict:
    """The week's hours form as posted: `rows` are (weekday, opens, closes[, removed]) tuples;
    each day's periods fill its time ranges in order and tick it "open". (`extra` and
    `initial` are ignored: they described the earlier formset of rows.)"""
    data: dict[str, str] = {}
    count: dict[int, int] = {}
    for row in rows:
        if len(row) > 3 and row[3]:
            continue
        weekday, opens, closes = row[:3]
        count[weekday] = count.get(weekday, 0) + 1
        data[f"d{weekday}-open"] = "on"
        data[f"d{weekday}-opens-{count[weekday]}"] = opens
        data[f"d{weekday}-closes-{count[weekday]}"] = closes
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
