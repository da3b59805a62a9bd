"""Seed data: the vocabularies and the synthetic rows of --scale (the demo: test_seed_demo.py)."""

import io
import json

import pytest
from django.core.management import call_command

from bench.scale import seed_scale
from members import models, seed
from members.forms import Vocabularies

pytestmark = pytest.mark.django_db


@pytest.fixture
def vocabularies():
    seed.seed_vocabularies()


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


@pytest.mark.parametrize("with_types", [True, False])
def test_the_filters_read_every_vocabulary_in_one_query_as_each_table_holds_it(
    vocabularies, django_assert_num_queries, with_types
):
    models.PopulationGroup.objects.create(slug="aa-first", name="Α", order=0)  # order first
    with django_assert_num_queries(1):
        read = Vocabularies.load(with_types=with_types)

    def facts(terms):
        return [(t.pk, t.slug, t.name_el, t.name_en, t.other_names, t.order, t.uuid) for t in terms]

    categories = list(models.ServiceCategory.objects.all())
    assert facts(read.categories) == facts(c for c in categories if c.parent_id is None)
    assert [(c.slug, c.parent_id) for c in read.subcategories] == [
        (c.slug, c.parent_id) for c in categories if c.parent_id is not None
    ]
    assert facts(read.population_groups) == facts(models.PopulationGroup.objects.all())
    assert read.population_groups[0].slug == "aa-first"
    assert facts(read.languages) == facts(models.Language.objects.all())
    types = list(models.OrganisationType.objects.all()) if with_types else []
    assert [(t.slug, t.is_municipal) for t in read.types] == [
        (t.slug, t.is_municipal) for t in types
    ]
    read.languages[0].save()  # whole records, as the admin could use them
