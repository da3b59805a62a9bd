import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from bulletin.models import NewsPost
from members.models import Organisation, OrganisationType, Service
from network.models import GoodPractice, Municipality, Structure
from network.seed import seed_network

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "network" / "data" / "network_cities.json"
ATHENS_KEM = "migrant-integration-centre-of-the-city-of-athens-kem"


def counts() -> tuple[int, ...]:
    models = (Municipality, Structure, Organisation, Service, GoodPractice, NewsPost)
    return tuple(model.objects.count() for model in models)


def test_seed_loads_the_18_municipalities_and_is_idempotent():
    seed_network()
    first = counts()
    seed_network()
    assert counts() == first
    assert Municipality.objects.published().count() == 18


def test_seed_copies_its_facts_into_the_app():
    rows = json.loads(DATA.read_text(encoding="utf-8"))["municipalities"]
    assert len(rows) == 18
    assert len({row["slug"] for row in rows}) == 18
    for row in rows:
        assert 34 < row["lat"] < 42 and 19 < row["lon"] < 30


def test_seed_reuses_the_directory_rows_when_they_already_exist():
    authority = OrganisationType.objects.create(
        slug="local_authority", name_el="ΤΑ", is_municipal=True
    )
    service_type = OrganisationType.objects.create(slug="municipal_service", name_el="ΔΥ")
    city = Organisation.objects.create(
        slug="city-of-athens", name_el="Δήμος Αθηναίων", type=authority
    )
    kem = Organisation.objects.create(slug=ATHENS_KEM, name_el="ΚΕΜ", type=service_type)
    seed_network()
    athens = Municipality.objects.get(slug="athens")
    assert athens.organisation == city
    assert athens.structures.get(kind=Structure.Kind.KEM).organisation == kem
    assert Organisation.objects.filter(slug__in=["city-of-athens", ATHENS_KEM]).count() == 2
    assert OrganisationType.objects.filter(slug="local_authority").count() == 1


def test_after_the_seed_a_visitor_finds_who_offers_greek_lessons(client):
    call_command("seed_demo", stdout=io.StringIO())
    html = client.get("/en/network/compare/?category=education").content.decode()
    assert 'href="/en/network/katerini/services/?category=greek_courses"' in html
    assert 'href="/en/network/thessaloniki/services/?category=greek_courses"' in html
    assert 'href="/en/network/livadeia/services/?category=greek_courses"' not in html
    for slug in ("katerini", "thessaloniki"):
        page = client.get(f"/el/network/{slug}/").content.decode()
        assert "Μαθήματα ελληνικών για ενήλικες (παράδειγμα)" in page
        assert "Κέντρο Ένταξης Μεταναστών" in page
    practice = GoodPractice.objects.first()
    assert client.get(f"/en/network/practices/{practice.slug}/").status_code == 200
