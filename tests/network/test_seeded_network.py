"""What the seeded Cities Network holds (the seed itself, re-runs and reuse: test_seed.py)."""

import pytest

from bulletin.models import NewsPost, Topic
from members.models import Organisation, Service
from network.models import GoodPractice, Municipality, Structure
from network.seed import seed_network
from tests.conftest import rolled_back_after_the_module

pytestmark = pytest.mark.django_db

ATHENS_KEM = "migrant-integration-centre-of-the-city-of-athens-kem"


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """seed_network() once for these read-only checks, rolled back after the module."""
    with rolled_back_after_the_module(django_db_blocker):
        seed_network()
        yield


def test_seed_flags_the_municipalities_whose_year_or_membership_is_uncertain(seeded):
    uncertain = set(Municipality.objects.filter(data_uncertain=True).values_list("slug", flat=True))
    assert uncertain == {"tilos", "chania", "delta", "kalamaria", "katerini"}
    katerini = Municipality.objects.get(slug="katerini")
    assert (katerini.name_el, katerini.name_en, katerini.joined_year) == (
        "Κατερίνη",
        "Katerini",
        2021,
    )
    assert katerini.description_el and katerini.description_en


def test_each_municipality_gets_a_local_authority_record_without_contact_details(seeded):
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


def test_seed_invents_no_focal_points(seeded):
    for field in ("focal_point_name", "focal_point_role", "focal_point_email", "focal_point_phone"):
        assert not Municipality.objects.exclude(**{field: ""}).exists()


def test_athens_links_its_kem_and_other_municipal_bodies(seeded):
    athens = Municipality.objects.get(slug="athens")
    assert athens.organisation.slug == "city-of-athens"
    kem = athens.structures.get(kind=Structure.Kind.KEM)
    assert kem.organisation.slug == ATHENS_KEM
    others = athens.structures.filter(kind=Structure.Kind.OTHER)
    assert others.count() == 5
    assert "(example)" not in kem.organisation.name_en


def test_example_content_is_plainly_marked(seeded):
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
