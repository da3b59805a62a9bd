"""The vocabularies in the public site's other languages (issue 19): their names in Arabic,
Farsi, Urdu, French and Ukrainian are stored with each term (`other_names`), shown on pages in
those languages (English, then Greek, when a name is missing), corrected by coordinators in the
admin, and searchable: a Farsi or Arabic query for "legal aid" finds the legal services."""

import json

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation

from members.models import ServiceCategory
from members.seed import DATA, seed_vocabularies
from tests.factories import make_category, make_coordinator, make_service

pytestmark = pytest.mark.django_db

LEGAL_NAMES = {
    "ar": "المساعدة القانونية",
    "fa": "کمک حقوقی",
    "ur": "قانونی مدد",
    "fr": "Aide juridique",
    "uk": "Правова допомога",
}


@pytest.fixture
def legal():
    category = make_category(slug="legal", name="Νομική συνδρομή", name_en="Legal aid")
    category.other_names = LEGAL_NAMES
    category.full_clean()
    category.save()
    service = make_service(
        slug="asylum-advice",
        name="Νομικές συμβουλές για το άσυλο",
        name_en="Legal advice on asylum",
        category=category,
    )
    make_service(slug="clinic", name="Ιατρείο", name_en="Clinic", category=make_category())
    return {"category": category, "service": service}


def test_display_name_follows_the_page_language_with_english_then_greek_as_fallback():
    term = ServiceCategory(name_el="Υγεία", name_en="Health", other_names={"fa": "سلامت"})
    with translation.override("fa"):
        assert term.display_name == "سلامت" and str(term) == "سلامت"
    with translation.override("ar"):
        assert term.display_name == "Health"  # no Arabic name yet: English
    with translation.override("el"):
        assert term.display_name == "Υγεία"
    greek_only = ServiceCategory(name_el="Υγεία", name_en="")
    with translation.override("uk"):
        assert greek_only.display_name == "Υγεία"  # never empty


def test_other_names_accept_only_the_public_only_languages():
    term = ServiceCategory(slug="x", name_el="Χ", name_en="X", other_names={"de": "Gesundheit"})
    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "other_names" in error.value.message_dict
    term.other_names = {"fa": "  سلامت ", "ar": ""}
    term.full_clean()
    assert term.other_names == {"fa": "سلامت"}


@pytest.mark.parametrize("lang", ["ar", "fa", "ur", "fr", "uk"])
def test_category_names_show_in_the_page_language(client, legal, lang):
    page = client.get(f"/{lang}/services/").content.decode()
    # In the filters (the category select) and on the service's card.
    assert f'<option value="legal">{LEGAL_NAMES[lang]}</option>' in page
    assert page.count(LEGAL_NAMES[lang]) >= 2
    service_page = client.get(f"/{lang}/services/asylum-advice/").content.decode()
    assert LEGAL_NAMES[lang] in service_page
    # The chosen category's removable chip, too.
    filtered = client.get(f"/{lang}/services/", {"category": "legal"}).content.decode()
    chips = filtered.split('class="active-filters', 1)[1].split("</ul>", 1)[0]
    assert LEGAL_NAMES[lang] in chips and "Νομική" not in chips


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("کمک حقوقی", "fa"),
        ("حقوقی", "fa"),
        ("كمك حقوقي", "fa"),  # typed on an Arabic keyboard (kaf and yeh of Arabic)
        ("المساعدة القانونية", "ar"),
        ("قانونية", "ar"),
        ("قانونی مدد", "ur"),
        ("правова допомога", "uk"),
        ("aide juridique", "fr"),
        ("کمک حقوقی", "el"),  # the query's language, not the page's, decides
    ],
)
def test_a_query_in_any_language_finds_the_services_of_the_category(client, legal, query, lang):
    response = client.get(f"/{lang}/search/", {"q": query})
    groups = {group.kind: group for group in response.context["groups"]}
    urls = [hit.url for hit in groups["services"].hits]
    assert urls == [f"/{lang}/services/asylum-advice/"]
    listed = client.get(f"/{lang}/services/", {"q": query})
    assert listed.context["paginator"].count == 1


def test_a_coordinator_corrects_a_name_in_the_admin_and_search_follows(legal):
    admin = Client()
    admin.force_login(make_coordinator())
    category = legal["category"]
    url = f"/admin/members/servicecategory/{category.pk}/change/"
    form = admin.get(url).content.decode()
    assert 'name="name_fa"' in form and 'value="کمک حقوقی"' in form
    assert 'name="other_names"' not in form
    response = admin.post(
        url,
        {
            "slug": category.slug,
            "name_el": category.name_el,
            "name_en": category.name_en,
            "order": category.order,
            **{f"name_{code}": name for code, name in LEGAL_NAMES.items()},
            "name_fa": "مشاوره حقوقی",
            "name_uk": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    category.refresh_from_db()
    assert category.other_names["fa"] == "مشاوره حقوقی"
    assert "uk" not in category.other_names
    visitor = Client()
    found = visitor.get("/fa/services/", {"q": "مشاوره"})
    assert found.context["paginator"].count == 1


def test_the_seed_and_the_migration_load_the_names_file():
    facts = json.loads((DATA / "vocabulary_names.json").read_text(encoding="utf-8"))
    seed_vocabularies()
    for model_name, terms in facts.items():
        model = apps.get_model("members", model_name)
        rows = {row.slug: row.other_names for row in model.objects.filter(slug__in=list(terms))}
        assert rows, model_name
        for slug, names in rows.items():
            assert names == {c: n for c, n in terms[slug].items() if n}, (model_name, slug)

    # The migration fills terms that have no names yet, and keeps a coordinator's correction.
    migration = __import__(
        "members.migrations.0010_vocabulary_other_names", fromlist=["load_names"]
    )
    legal = ServiceCategory.objects.get(slug="legal")
    ServiceCategory.objects.update(other_names={})
    ServiceCategory.objects.filter(pk=legal.pk).update(other_names={"fa": "اصلاح شده"})
    service = make_service(slug="s", name="Υπηρεσία", category=legal)
    migration.load_names(apps, None)
    legal.refresh_from_db()
    assert legal.other_names["fa"] == "اصلاح شده"
    assert legal.other_names["ar"] == facts["servicecategory"]["legal"]["ar"]
    service.refresh_from_db()
    assert "اصلاح" in service.search_text
