import csv
import io
import re

import pytest

from members.models import ServiceStatus, Status
from network.models import Structure
from tests import factories
from tests.network.helpers import queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def categories():
    education = factories.make_category(
        slug="education", name="Εκπαίδευση", name_en="Education", order=1
    )
    health = factories.make_category(slug="health", name="Υγεία", name_en="Health", order=2)
    greek = factories.make_category(
        slug="greek_courses",
        name="Μαθήματα ελληνικών",
        parent=education,
        name_en="Greek language courses",
    )
    return {"education": education, "health": health, "greek_courses": greek}


@pytest.fixture
def katerini(categories):
    own = factories.make_organisation(name="Δήμος Κατερίνης", slug="municipality-of-katerini")
    kem = factories.make_organisation(name="ΚΕΜ Κατερίνης", slug="kem-katerini")
    municipality = factories.make_municipality(
        name="Κατερίνη", name_en="Katerini", slug="katerini", organisation=own
    )
    factories.make_structure(municipality=municipality, organisation=kem, kind=Structure.Kind.KEM)
    factories.make_service(
        name="Μαθήματα ελληνικών",
        organisation=kem,
        category=categories["education"],
        subcategory=categories["greek_courses"],
        slug="greek-katerini",
    )
    factories.make_service(
        name="Σχολική στήριξη",
        organisation=own,
        category=categories["education"],
        slug="school-katerini",
    )
    factories.make_service(
        organisation=kem, category=categories["education"], status=ServiceStatus.DRAFT
    )
    return municipality


def cell(html: str, url: str) -> str:
    start = html.index(f'href="{url}"')
    return html[start : html.index("</a>", start)]


def test_matrix_counts_published_services_of_structures_and_own_record(client, katerini):
    html = client.get("/en/network/compare/").content.decode()
    assert "<caption" in html
    assert '<th scope="col">Education</th>' in html
    assert '<th scope="row"><a href="/en/network/katerini/">Katerini</a></th>' in html
    education = cell(html, "/en/network/katerini/services/?category=education")
    assert education.startswith('href="/en/network/katerini/services/?category=education">2<')
    assert "/en/network/katerini/services/?category=health" not in html  # zero: no link


def test_an_organisation_linked_twice_counts_once(client, katerini):
    factories.make_structure(
        municipality=katerini, organisation=katerini.organisation, kind=Structure.Kind.OTHER
    )
    html = client.get("/en/network/compare/").content.decode()
    assert cell(html, "/en/network/katerini/services/?category=education").startswith(
        'href="/en/network/katerini/services/?category=education">2<'
    )


def test_draft_municipality_and_draft_provider_are_left_out(client, katerini, categories):
    hidden = factories.make_municipality(name="Κρυφός Δήμος", slug="hidden", status=Status.DRAFT)
    factories.make_structure(municipality=hidden, organisation=katerini.organisation)
    draft_org = factories.make_organisation(status=Status.DRAFT)
    factories.make_structure(municipality=katerini, organisation=draft_org)
    factories.make_service(organisation=draft_org, category=categories["health"])
    html = client.get("/en/network/compare/").content.decode()
    assert "Κρυφός Δήμος" not in html
    assert "/network/hidden/" not in html
    assert "/en/network/katerini/services/?category=health" not in html


def test_a_cell_link_opens_the_list_of_those_services(client, katerini):
    html = client.get("/el/network/katerini/services/?category=education").content.decode()
    assert 'href="/el/services/greek-katerini/"' in html
    assert 'href="/el/services/school-katerini/"' in html
    html = client.get("/el/network/katerini/services/?category=greek_courses").content.decode()
    assert 'href="/el/services/greek-katerini/"' in html
    assert "school-katerini" not in html


def test_breaking_down_a_category_shows_who_offers_greek_lessons(client, katerini):
    factories.make_municipality(name="Τρίπολη", name_en="Tripoli", slug="tripoli")
    html = client.get("/en/network/compare/?category=education").content.decode()
    assert '<th scope="col">Greek language courses</th>' in html
    assert cell(html, "/en/network/katerini/services/?category=greek_courses").startswith(
        'href="/en/network/katerini/services/?category=greek_courses">1<'
    )
    assert "/en/network/tripoli/services/?category=greek_courses" not in html


@pytest.mark.parametrize(
    "query",
    [
        "?category=nope",
        "?category=greek_courses",
        "?format=xls",
        "?category=%00",
        "?category=" + "x" * 5000,
        "?format=csv%00",
        "?page=-1&category[]=a",
    ],
)
def test_bad_input_never_breaks_the_comparison(client, katerini, query):
    response = client.get(f"/en/network/compare/{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")


def test_csv_download_has_a_row_per_municipality_and_a_column_per_category(client, katerini):
    response = client.get("/en/network/compare/?format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == 'attachment; filename="network-services.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Municipality", "Region", "Year joined", "Education", "Health", "Total"]
    assert rows[1][0] == "Katerini"
    assert rows[1][3:] == ["2", "0", "2"]


def test_csv_cells_cannot_run_as_spreadsheet_formulas(client, katerini):
    katerini.name_en = '=HYPERLINK("http://evil.example")'
    katerini.region_en = "+cmd"
    katerini.save()
    factories.make_municipality(name="@SUM(1)", name_en="", slug="at-sign", region_el="-1+2")
    content = client.get("/en/network/compare/?format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    firsts = {row[0] for row in rows[1:]}
    assert '\'=HYPERLINK("http://evil.example")' in firsts
    assert "'@SUM(1)" in firsts
    regions = {row[1] for row in rows[1:]}
    assert regions == {"'+cmd", "'-1+2"}


def test_comparison_of_18_municipalities_by_every_category_takes_constant_queries(
    client, categories, django_assert_max_num_queries
):
    # Queries: published municipalities; categories; structures; one aggregate over services.
    first = factories.make_municipality(organisation=factories.make_organisation())
    factories.make_service(organisation=first.organisation, category=categories["education"])
    few = queries_for(client, "/el/network/compare/")
    top = [factories.make_category(order=10 + i) for i in range(11)] + [
        categories["education"],
        categories["health"],
    ]
    for i in range(17):
        municipality = factories.make_municipality(organisation=factories.make_organisation())
        kem = factories.make_organisation()
        factories.make_structure(municipality=municipality, organisation=kem)
        for category in top[: 1 + i % len(top)]:
            factories.make_service(organisation=kem, category=category)
            factories.make_service(organisation=municipality.organisation, category=category)
    with django_assert_max_num_queries(4):
        response = client.get("/el/network/compare/")
    assert response.content.decode().count('<th scope="row"><a href="/el/network/') == 18
    assert queries_for(client, "/el/network/compare/") == few
    assert queries_for(client, "/el/network/compare/?format=csv") == few
    assert queries_for(client, "/el/network/compare/?category=education") == few


def test_unknown_category_is_explained_on_the_page(client, katerini):
    html = client.get("/en/network/compare/?category=nope").content.decode()
    assert "Some filters were not understood and have been ignored." in html
    assert '<th scope="col">Education</th>' in html


def test_once_remembered_the_comparison_reads_nothing_and_keeps_each_choice_apart(
    client, settings, katerini, django_assert_num_queries
):
    settings.DATA_CACHE_SECONDS = 60
    for query in ("", "?category=education", "?category=nope"):
        client.get(f"/en/network/compare/{query}")
    with django_assert_num_queries(0):
        chosen = client.get("/en/network/compare/?category=education").content.decode()
        every = client.get("/en/network/compare/").content.decode()
        unknown = client.get("/en/network/compare/?category=nope").content.decode()

    def selected(html):
        return re.findall(r'<option value="([^"]*)" selected>', html)

    assert selected(chosen) == ["education"]
    assert selected(every) == [""]
    assert "Select a valid choice" in unknown  # the field's own error, not a remembered field
    assert selected(unknown) == []
