"""The demo data (seed_demo): ACCMR, members, municipal bodies, example services."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from members import models
from tests.conftest import rolled_back_after_the_module

pytestmark = pytest.mark.django_db
ACCMR_SLUG = "athens-coordination-center-for-migrant-refugee-issues"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """seed_demo, run once for this module's checks (each took some 20 s to seed on its own).

    As tests/conftest.py's sample_records_of_module: the rows live in a transaction rolled back
    after the module's last test, and each test runs in a savepoint inside it, so what a test
    writes (seeding again) is gone before the next one.
    """
    with rolled_back_after_the_module(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (
            models.OrganisationType,
            models.ServiceCategory,
            models.PopulationGroup,
            models.Language,
            models.Organisation,
            models.Service,
            models.Schedule,
        )
    )


def test_seeding_twice_changes_nothing(demo):
    before = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == before


def test_accmr_is_seeded_with_its_given_facts(demo):
    accmr = models.Organisation.objects.get(slug=ACCMR_SLUG)
    assert accmr.short_name == "ACCMR"
    assert accmr.type.slug == "municipal_service"
    assert accmr.website == "https://www.accmr.gr"
    assert accmr.phone == "+302103638625"
    [location] = accmr.locations.all()
    assert (location.address_el, location.postcode, location.community) == (
        "Αγίου Ισιδώρου 4",
        "114 71",
        1,
    )
    [service] = accmr.services.all()
    hours = {(s.weekday, s.opens, s.closes) for s in service.schedules.all()}
    assert hours == {(day, dt.time(9), dt.time(17)) for day in range(5)}


def test_members_and_municipal_bodies_are_seeded_partners_are_not(demo):
    members = models.Organisation.objects.filter(is_member=True)
    assert members.filter(slug="praksis").exists()
    assert members.get(slug="caritas-hellas").type.slug == "faith_based"
    assert members.get(slug="greek-forum-of-migrants").type.slug == "community"
    assert models.Organisation.objects.get(slug="e-nable-greece").name_el == "e-Nable Greece"
    kem = models.Organisation.objects.get(
        slug="migrant-integration-centre-of-the-city-of-athens-kem"
    )
    assert kem.is_member is False and kem.type.is_municipal
    for partner_or_unconfirmed in (
        "unhcr-greece",
        "stavros-niarchos-foundation",
        "greek-council-for-refugees-gcr",
        "metadrasi-action-for-migration-and-development",
    ):
        assert not models.Organisation.objects.filter(slug=partner_or_unconfirmed).exists()


def test_services_of_real_organisations_are_plainly_examples(demo):
    examples = models.Service.objects.exclude(organisation__slug=ACCMR_SLUG)
    assert examples.count() >= 20
    for service in examples:
        assert service.name_el.endswith("(παράδειγμα)")
        assert "Παράδειγμα" in service.description_el
        if service.name_en:
            assert service.name_en.endswith("(example)")
    # Real organisations get no invented phone numbers or e-mail addresses.
    real = models.Organisation.objects.exclude(slug=ACCMR_SLUG)
    assert not real.exclude(phone="").exists()
    assert not real.exclude(email="").exists()


def test_demo_covers_what_the_filters_need(demo):
    published = models.Service.objects.published()
    assert published.filter(access_walk_in=True).exists()
    assert published.filter(is_free=False).exists()
    assert published.municipal().exists()
    assert published.filter(status="closed").exists()
    assert published.filter(name_en="").exists()  # shows the Greek fallback
    communities = set(published.values_list("locations__community", flat=True))
    assert set(range(1, 8)) <= communities
