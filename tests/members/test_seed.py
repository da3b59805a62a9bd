"""Demo and scale data: vocabularies, ACCMR, members, municipal bodies, synthetic rows."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from bench.scale import seed_scale
from members import models, seed

pytestmark = pytest.mark.django_db
ACCMR_SLUG = "athens-coordination-center-for-migrant-refugee-issues"


@pytest.fixture
def vocabularies():
    seed.seed_vocabularies()


@pytest.fixture
def demo(vocabularies):
    call_command("seed_demo", stdout=io.StringIO())


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


def test_vocabularies_follow_the_taxonomy_file(vocabularies):
    taxonomy = json.loads((seed.DATA / "taxonomy.json").read_text(encoding="utf-8"))
    assert models.OrganisationType.objects.count() == len(taxonomy["organisation_types"])
    assert set(
        models.OrganisationType.objects.filter(is_municipal=True).values_list("slug", flat=True)
    ) == {"local_authority", "municipal_service"}
    legal = models.ServiceCategory.objects.get(slug="legal")
    assert legal.parent is None
    assert models.ServiceCategory.objects.get(slug="asylum").parent == legal
    assert models.Language.objects.get(slug="fa").name_en == "Farsi"
    assert models.PopulationGroup.objects.get(slug="women").name_el == "Γυναίκες"


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


def test_scale_adds_synthetic_organisations_with_five_services_each(vocabularies):
    out = io.StringIO()
    seed_scale(12, stdout=out, batch_size=5)
    synthetic = models.Organisation.objects.filter(slug__startswith="example-organisation-")
    assert synthetic.count() == 12
    assert models.Service.objects.filter(organisation__in=synthetic).count() == 60
    assert "12/12 organisations" in out.getvalue()
    first = synthetic.get(slug="example-organisation-1")
    assert first.name_el == "Παράδειγμα οργάνωσης 1"
    assert first.name_en == "Example organisation 1"
    # bulk_create skips save(): the search column must still be right.
    assert first.search_text and first.search_text == first.build_search_text()
    service = first.services.first()
    assert service.search_text == service.build_search_text()
    assert service.languages.exists() and service.population_groups.exists()
    assert (
        models.Organisation.objects.filter(status=models.Status.PUBLISHED)
        .search("παραδειγμα 7")
        .exists()
    )


def test_scale_skips_numbers_that_exist(vocabularies):
    seed_scale(5, stdout=io.StringIO())
    seed_scale(8, stdout=io.StringIO())
    assert models.Organisation.objects.filter(slug__startswith="example-organisation-").count() == 8
    assert models.Service.objects.filter(slug__startswith="example-service-").count() == 40


def test_scale_spreads_over_every_category_language_group_and_community(vocabularies):
    seed_scale(30, stdout=io.StringIO())
    synthetic = models.Service.objects.filter(slug__startswith="example-service-")
    top = models.ServiceCategory.objects.filter(parent__isnull=True)
    assert set(synthetic.values_list("category", flat=True)) == set(
        top.values_list("pk", flat=True)
    )
    assert set(synthetic.values_list("languages", flat=True)) == set(
        models.Language.objects.values_list("pk", flat=True)
    )
    assert set(synthetic.values_list("population_groups", flat=True)) == set(
        models.PopulationGroup.objects.values_list("pk", flat=True)
    )
    assert set(synthetic.values_list("locations__community", flat=True)) >= set(range(1, 8))


def test_seed_demo_scale_option(vocabularies):
    out = io.StringIO()
    call_command("seed_demo", "--scale", "3", stdout=out)
    assert models.Organisation.objects.filter(slug__startswith="example-organisation-").count() == 3
    assert "Demo data is in place." in out.getvalue()
