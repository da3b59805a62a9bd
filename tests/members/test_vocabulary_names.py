"""members/data/vocabulary_names.json names each seeded vocabulary term in ar, fa, ur, fr, uk."""

import json
import re
from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[2] / "members" / "data"
LANGUAGES = ("ar", "fa", "ur", "fr", "uk")
SCRIPT = {
    "ar": re.compile(r"[\u0600-\u06FF]"),
    "fa": re.compile(r"[\u0600-\u06FF]"),
    "ur": re.compile(r"[\u0600-\u06FF]"),
    "fr": re.compile(r"[A-Za-zÀ-ÿ]"),
    "uk": re.compile(r"[\u0400-\u04FF]"),
}


def _seed_slugs():
    taxonomy = json.loads((DATA / "taxonomy.json").read_text(encoding="utf-8"))
    categories = taxonomy["service_categories"]
    return {
        "organisationtype": {row[0] for row in taxonomy["organisation_types"]},
        "servicecategory": {row[0] for row in categories}
        | {child[0] for row in categories for child in row[3]},
        "populationgroup": {row[0] for row in taxonomy["population_groups"]},
        "language": {row[0] for row in taxonomy["languages"]},
    }


NAMES = json.loads((DATA / "vocabulary_names.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "vocabulary", ["organisationtype", "servicecategory", "populationgroup", "language"]
)
def test_every_seeded_term_is_named_and_nothing_else(vocabulary):
    assert set(NAMES[vocabulary]) == _seed_slugs()[vocabulary]


def test_each_name_is_given_in_each_language_in_its_script():
    for vocabulary, terms in NAMES.items():
        for slug, names in terms.items():
            assert set(names) == set(LANGUAGES), (vocabulary, slug)
            for language, name in names.items():
                assert name.strip() == name and SCRIPT[language].search(name), (
                    vocabulary,
                    slug,
                    language,
                )


def test_languages_are_named_as_each_language_calls_them():
    assert NAMES["language"]["fa"]["fa"] == "فارسی"
    assert NAMES["language"]["ar"]["ar"] == "العربية"
    assert NAMES["language"]["uk"]["uk"] == "Українська"
    assert NAMES["language"]["fr"]["fr"] == "Français"
    assert NAMES["language"]["ur"]["ur"] == "اردو"


@pytest.mark.django_db
def test_migration_0012_renames_the_gbv_counselling_term_unless_a_coordinator_corrected_it():
    from django.apps import apps

    from tests.factories import make_category, make_service

    migration = __import__("members.migrations.0012_gbv_counselling_names", fromlist=["rename"])
    term = make_category(slug="gbv_counselling", name="Συμβουλευτική", name_en="Counselling")
    term.other_names = {
        "ar": "الإرشاد",
        "fa": "مشاوره",
        "fr": "Accompagnement",
        "uk": "Мій варіант",
    }
    term.save()
    service = make_service(slug="s", name="Υπηρεσία", category=term)

    migration.rename(apps, None)

    term.refresh_from_db()
    expected = NAMES["servicecategory"]["gbv_counselling"]
    assert term.name_en == "Counselling on gender-based violence"
    assert term.name_el == "Συμβουλευτική για την έμφυλη βία"
    assert {code: term.other_names[code] for code in ("ar", "fa", "fr", "ur")} == {
        code: expected[code] for code in ("ar", "fa", "fr", "ur")
    }
    assert term.other_names["uk"] == "Мій варіант"  # a coordinator's own name is kept
    service.refresh_from_db()
    assert "خشونت" in service.search_text


def test_latin_inside_arabic_script_names_is_isolated_left_to_right():
    for vocabulary, terms in NAMES.items():
        for slug, names in terms.items():
            for language in ("ar", "fa", "ur"):
                latin = re.findall(r"[A-Za-z][A-Za-z /+]*[A-Za-z+]", names[language])
                if len(latin) == 1 and re.search(r"[ /+]", latin[0]):
                    assert f"\u2066{latin[0]}\u2069" in names[language], (
                        vocabulary,
                        slug,
                        language,
                    )


@pytest.mark.django_db
def test_migration_0013_isolates_the_latin_parts_of_existing_names():
    from django.apps import apps

    from tests.factories import make_category

    migration = __import__(
        "members.migrations.0013_vocabulary_names_bidi_isolates", fromlist=["isolate"]
    )
    term = make_category(slug="social_security", name="ΑΜΚΑ", name_en="AMKA")
    term.other_names = {"fa": "شمارهٔ تأمین اجتماعی (AMKA / PAAYPA)", "ar": "تصحيح"}
    term.save()

    migration.isolate(apps, None)

    term.refresh_from_db()
    assert term.other_names["fa"] == NAMES["servicecategory"]["social_security"]["fa"]
    assert "\u2066AMKA / PAAYPA\u2069" in term.other_names["fa"]
    assert term.other_names["ar"] == "تصحيح"  # a coordinator's own name is kept
