import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from bulletin.models import NewsPost, Topic
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


def test_seed_flags_the_municipalities_whose_year_or_membership_is_uncertain():
    seed_network()
    uncertain = set(Municipality.objects.filter(data_uncertain=True).values_list("slug", flat=True))
    assert uncertain == {"tilos", "chania", "delta", "kalamaria", "katerini"}
    katerini = Municipality.objects.get(slug="katerini")
    assert (katerini.name_el, katerini.name_en, katerini.joined_year) == (
        "Κατερίνη",
        "Katerini",
        2021,
    )
    assert katerini.description_el and katerini.description_en


def test_seed_copies_its_facts_into_the_app():
    rows = json.loads(DATA.read_text(encoding="utf-8"))["municipalities"]
    assert len(rows) == 18
    assert len({row["slug"] for row in rows}) == 18
    for row in rows:
        assert 34 < row["lat"] < 42 and 19 < row["lon"] < 30


def test_each_municipality_gets_a_local_authority_record_without_contact_details():
    seed_network()
    for municipality in Municipality.objects.select_related("organisation__type"):
        assert municipality.organisation.type.slug == "local_authority"
        assert municipality.organisation.type.is_municipal
    thessaloniki = Municipality.objects.get(slug="thessaloniki").organisation
    assert (thessaloniki.name_el, thessaloniki.name_en) == (
        "Δήμος Θεσσαλονίκης",
        "City of Thessaloniki",
    )
    assert not Organisation.objects.exclude(phone="").exists()
    assert not Organisation.objects.exclude(email="").exists()


def test_seed_invents_no_focal_points():
    seed_network()
    for field in ("focal_point_name", "focal_point_role", "focal_point_email", "focal_point_phone"):
        assert not Municipality.objects.exclude(**{field: ""}).exists()


def test_athens_links_its_kem_and_other_municipal_bodies():
    seed_network()
    athens = Municipality.objects.get(slug="athens")
    assert athens.organisation.slug == "city-of-athens"
    kem = athens.structures.get(kind=Structure.Kind.KEM)
    assert kem.organisation.slug == ATHENS_KEM
    others = athens.structures.filter(kind=Structure.Kind.OTHER)
    assert others.count() == 5
    assert "(example)" not in kem.organisation.name_en


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


def test_example_content_is_plainly_marked():
    seed_network()
    real = {ATHENS_KEM}
    for service in Service.objects.all():
        assert service.name_el.endswith("(παράδειγμα)"), service.name_el
        assert service.name_en.endswith("(example)"), service.name_en
    for structure in Structure.objects.exclude(municipality__slug="athens"):
        if structure.organisation:
            assert structure.organisation.slug not in real
            assert "(example)" in structure.organisation.name_en
    assert GoodPractice.objects.count() >= 3
    assert not GoodPractice.objects.filter(is_example=False).exists()
    for practice in GoodPractice.objects.all():
        assert "(παράδειγμα)" in practice.title_el and "(example)" in practice.title_en
    network_news = NewsPost.objects.published().filter(topic=Topic.NETWORK)
    assert network_news.count() == 2
    # The first meeting is a fact; the other post is an example and says so.
    assert network_news.filter(is_example=True).get().title_en.endswith("(example)")


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
