import pytest

from members.models import ServiceStatus, Status
from network.models import Structure
from tests.factories import (
    make_category,
    make_editor,
    make_municipality,
    make_org_type,
    make_organisation,
    make_practice,
    make_service,
    make_structure,
    make_user,
)
from tests.network.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def katerini():
    municipal = make_org_type(slug="municipal_service", name="Δημοτική υπηρεσία", is_municipal=True)
    own = make_organisation(name="Δήμος Κατερίνης", slug="municipality-of-katerini")
    kem = make_organisation(name="ΚΕΜ Κατερίνης", slug="kem-katerini", org_type=municipal)
    municipality = make_municipality(
        name="Κατερίνη",
        name_en="Katerini",
        slug="katerini",
        region_el="Κεντρική Μακεδονία",
        region_en="Central Macedonia",
        joined_year=2021,
        website="https://example.org/katerini/",
        description_el="Πόλη της Πιερίας.",
        description_en="A town in Pieria.",
        organisation=own,
    )
    make_structure(municipality=municipality, organisation=kem, kind=Structure.Kind.KEM)
    return municipality


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("el", ["Κατερίνη", "Κεντρική Μακεδονία", "Πόλη της Πιερίας."]),
        ("en", ["Katerini", "Central Macedonia", "A town in Pieria."]),
    ],
)
def test_municipality_page_shows_its_facts_in_each_language(client, katerini, lang, expected):
    response = client.get(f"/{lang}/network/katerini/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in expected:
        assert text in html
    assert "2021" in html
    assert 'href="https://example.org/katerini/"' in html


def test_structures_link_to_the_directory_organisation_pages(client, katerini):
    html = client.get("/el/network/katerini/").content.decode()
    assert 'href="/el/organisations/kem-katerini/"' in html
    assert 'href="/el/organisations/municipality-of-katerini/"' in html


def test_a_structure_whose_record_is_a_draft_is_listed_without_name_or_link(client, katerini):
    draft = make_organisation(
        name="Πρόχειρο Κοινοτικό Κέντρο", slug="draft-cc", status=Status.DRAFT
    )
    make_structure(municipality=katerini, organisation=draft, kind=Structure.Kind.COMMUNITY_CENTRE)
    html = client.get("/el/network/katerini/").content.decode()
    assert "Πρόχειρο Κοινοτικό Κέντρο" not in html
    assert "/organisations/draft-cc/" not in html


def test_page_lists_published_services_of_its_structures_and_own_record_only(client, katerini):
    education = make_category(slug="education", name="Εκπαίδευση")
    kem = katerini.structures.get().organisation
    make_service(name="Μαθήματα ελληνικών", organisation=kem, category=education, slug="greek")
    make_service(name="Ενημέρωση δημαρχείου", organisation=katerini.organisation, slug="town")
    make_service(name="Πρόχειρη υπηρεσία", organisation=kem, status=ServiceStatus.DRAFT)
    make_service(name="Παλιά υπηρεσία", organisation=kem, status=ServiceStatus.RETIRED)
    make_service(name="Ξένη υπηρεσία")  # another organisation, not linked to Katerini
    html = client.get("/el/network/katerini/").content.decode()
    assert 'href="/el/services/greek/"' in html
    assert 'href="/el/services/town/"' in html
    assert "Εκπαίδευση" in html
    for hidden in ("Πρόχειρη υπηρεσία", "Παλιά υπηρεσία", "Ξένη υπηρεσία"):
        assert hidden not in html


def test_page_lists_its_published_good_practices(client, katerini):
    make_practice(title="Καλή πρακτική", municipalities=[katerini], slug="good-one")
    make_practice(title="Πρόχειρη πρακτική", municipalities=[katerini], status=Status.DRAFT)
    html = client.get("/el/network/katerini/").content.decode()
    assert 'href="/el/network/practices/good-one/"' in html
    assert "Πρόχειρη πρακτική" not in html


def test_draft_and_unknown_municipalities_are_not_found(client):
    make_municipality(slug="draft-town", status=Status.DRAFT)
    assert client.get("/el/network/draft-town/").status_code == 404
    assert client.get("/en/network/no-such-town/").status_code == 404
    assert client.get("/en/network/draft-town/services/").status_code == 404


def test_municipality_page_queries_do_not_grow_with_services_structures_or_practices(
    client, katerini, django_assert_max_num_queries
):
    # Queries: municipality with its record; structures with theirs; services with provider
    # and categories; practices; their themes.
    kem = katerini.structures.get().organisation
    make_service(organisation=kem)
    make_practice(municipalities=[katerini])
    few = queries_for(client, "/el/network/katerini/")
    for _ in range(3):
        extra = make_organisation()
        make_structure(municipality=katerini, organisation=extra, kind=Structure.Kind.OTHER)
        for _ in range(5):
            make_service(organisation=extra, subcategory=None)
    for _ in range(10):
        make_service(organisation=kem)
        make_practice(municipalities=[katerini])
    with django_assert_max_num_queries(5):
        client.get("/el/network/katerini/")
    assert queries_for(client, "/el/network/katerini/") == few


FOCAL_POINT = {
    "focal_point_name": "Ελένη Δοκιμαστική",
    "focal_point_role": "Συντονίστρια δικτύου",
    "focal_point_email": "focal.point@example.org",
    "focal_point_phone": "+302100000000",  # as stored (E.164), in the tel: link
}


@pytest.fixture
def with_focal_point(katerini):
    for field, value in FOCAL_POINT.items():
        setattr(katerini, field, value)
    katerini.save()
    return katerini


@pytest.mark.parametrize("lang", ["el", "en"])
def test_anonymous_visitor_never_sees_the_focal_point(client, with_focal_point, lang):
    html = client.get(f"/{lang}/network/katerini/").content.decode()
    for value in FOCAL_POINT.values():
        assert value not in html


def test_logged_in_user_without_a_role_does_not_see_the_focal_point(client, with_focal_point):
    client.force_login(make_user())
    html = client.get("/el/network/katerini/").content.decode()
    for value in FOCAL_POINT.values():
        assert value not in html


def test_coordinator_sees_the_focal_point_in_a_private_response(client, with_focal_point):
    client.force_login(make_user(is_staff=True))
    response = client.get("/el/network/katerini/")
    html = response.content.decode()
    for value in FOCAL_POINT.values():
        assert value in html
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_member_organisation_editor_sees_the_focal_point(client, with_focal_point):
    client.force_login(make_editor(make_organisation()))
    html = client.get("/en/network/katerini/").content.decode()
    assert "focal.point@example.org" in html
    assert "Ελένη Δοκιμαστική" in html


def test_once_remembered_the_page_reads_nothing_until_the_municipality_changes(
    client, settings, katerini, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.DATA_CACHE_SECONDS = 60
    client.get("/en/network/katerini/")
    with django_assert_num_queries(0):
        assert client.get("/en/network/katerini/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        katerini.name_en = "Katerini, renamed"
        katerini.save()
    assert "Katerini, renamed" in client.get("/en/network/katerini/").content.decode()
