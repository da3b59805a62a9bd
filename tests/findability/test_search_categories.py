"""A service is found by its category's names too, in either language and in Greeklish, and
a renamed category is found by its new name at once."""

import pytest
from django.test import Client

from tests.factories import make_category, make_coordinator, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def legal():
    category = make_category(slug="legal", name="Νομική συνδρομή", name_en="Legal aid")
    advice = make_service(
        name="Νομικές συμβουλές για το άσυλο",
        name_en="Legal advice on asylum",
        category=category,
        description_el="Ραντεβού με δικηγόρο.",
        description_en="Appointments with a lawyer.",
    )
    named = make_service(name="Legal aid desk", name_en="Legal aid desk", category=category)
    return {"category": category, "advice": advice, "named": named}


def _titles(client, query: str, lang: str = "en") -> list[str]:
    response = client.get(f"/{lang}/search/", {"q": query})
    groups = {group.kind: group for group in response.context["groups"]}
    return [hit.title for hit in groups["services"].hits] if "services" in groups else []


@pytest.mark.parametrize(
    ("query", "lang"),
    [
        ("legal aid", "en"),
        ("nomiki voitheia", "el"),
        ("νομική βοήθεια", "el"),
        ("Νομική συνδρομή", "el"),
    ],
)
def test_a_service_is_found_by_its_category(client, legal, query, lang):
    titles = _titles(client, query, lang)
    advice = "Legal advice on asylum" if lang == "en" else "Νομικές συμβουλές για το άσυλο"
    assert advice in titles


def test_a_name_match_still_comes_before_a_category_match(client, legal):
    assert _titles(client, "legal aid") == ["Legal aid desk", "Legal advice on asylum"]


def test_the_services_list_search_uses_the_category_too(client, legal):
    response = client.get("/en/services/", {"q": "legal aid"})
    assert response.context["paginator"].count == 2


def test_a_renamed_category_is_searchable_by_its_new_name_at_once(legal):
    admin = Client()
    admin.force_login(make_coordinator())
    category = legal["category"]
    response = admin.post(
        f"/admin/members/servicecategory/{category.pk}/change/",
        {
            "slug": category.slug,
            "name_el": "Νομική υποστήριξη",
            "name_en": "Legal support",
            "order": category.order,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Legal advice on asylum" in _titles(Client(), "legal support")
    assert "Legal advice on asylum" not in _titles(Client(), "legal aid")
