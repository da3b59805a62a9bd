"""The toolkit: the searchable list, a page per publication, editors' proposals, site search."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from bulletin.models import Publication
from tests.factories import make_category, make_language, make_organisation, make_publication

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _proposal(**overrides):
    data = {
        "title_el": "Οδηγός υποδοχής",
        "title_en": "Welcome guide",
        "summary_el": "Τι χρειάζεται ένας νεοφερμένος.",
        "summary_en": "",
        "type": "guide",
        "year": "2025",
        "languages": [make_language().pk],
        "external_url": "",
    }
    data.update(overrides)
    return data


def test_the_list_finds_publications_without_accents_and_in_greeklish(client):
    make_publication(title="Οδηγός για το άσυλο", title_en="Asylum guide")
    make_publication(title="Έκθεση για τη στέγαση")
    for query in ("ασυλο", "ΆΣΥΛΟ", "asylo", "asylum"):
        html = client.get("/el/toolkit/", {"q": query}).content.decode()
        assert "Οδηγός για το άσυλο" in html, query
        assert "στέγαση" not in html, query


def test_the_list_filters_by_type_theme_language_and_year(client):
    theme, language = make_category(slug="housing"), make_language(slug="ar", name="Αραβικά")
    wanted = make_publication(title="Ζητούμενο", type="policy", year=2024)
    wanted.themes.add(theme)
    wanted.languages.add(language)
    make_publication(title="Άλλο", type="guide", year=2023)
    html = client.get(
        "/en/toolkit/", {"type": "policy", "theme": "housing", "language": "ar", "year": "2024"}
    ).content.decode()
    assert "Ζητούμενο" in html and "Άλλο" not in html


def test_unknown_filter_values_are_ignored_and_explained(client):
    make_publication(title="Κάτι")
    response = client.get("/en/toolkit/", {"type": "novel", "year": "abc", "page": "-3"})
    assert response.status_code == 200
    assert "Κάτι" in response.content.decode()
    assert "is not a valid choice" in response.content.decode()


def test_only_published_publications_are_public(client):
    pending = make_publication(title="Σε αναμονή", state="pending")
    assert "Σε αναμονή" not in client.get("/el/toolkit/").content.decode()
    assert client.get(f"/el/toolkit/{pending.slug}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 200])
def test_the_list_makes_the_same_queries_at_1_and_200_rows(
    client, rows, django_assert_max_num_queries
):
    publisher = make_organisation()
    theme, language = make_category(), make_language()
    for n in range(rows):
        publication = make_publication(publisher=publisher if n % 2 else None)
        publication.themes.add(theme)
        publication.languages.add(language)
    # Queries: themes, languages, years (filters); count, page (with publishers); themes and
    # languages of the page.
    with django_assert_max_num_queries(7):
        response = client.get("/en/toolkit/")
    assert response.status_code == 200


@pytest.mark.parametrize("lang", ["el", "en"])
def test_a_publication_page_in_both_languages(client, lang):
    publication = make_publication(title="Οδηγός", title_en="Guide", summary_en="A guide.")
    html = client.get(f"/{lang}/toolkit/{publication.slug}/").content.decode()
    assert ("Guide" if lang == "en" else "Οδηγός") in html
    assert "https://example.org/guide.pdf" in html


def test_publications_appear_in_site_search(client):
    make_publication(title="Οδηγός για διερμηνείς", title_en="Interpreters' guide")
    html = client.get("/en/search/", {"q": "diermineis"}).content.decode()
    assert "Interpreters" in html and "/en/toolkit/" in html


def test_an_editor_proposes_a_pdf_and_it_waits_for_review(editor_client, org, settings):
    upload = SimpleUploadedFile("welcome guide.pdf", PDF, content_type="application/pdf")
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/publications/new/", _proposal(file=upload)
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.state == Publication.State.PENDING
    assert publication.publisher == org
    assert publication.file.name.startswith("toolkit/welcome-guide-")
    assert publication.file.name.endswith(".pdf")
    assert editor_client.get(f"/en/toolkit/{publication.slug}/").status_code == 404


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html><script>alert(1)</script></html>", "not a PDF"),
        (b"%PDF-1.4 <script>alert(1)</script>", "web page code"),
        (b"%PDF-1.4" + b"0" * (10 * 1024 * 1024), "larger than 10 MB"),
    ],
)
def test_a_file_that_is_not_a_clean_pdf_is_refused(editor_client, org, content, message):
    upload = SimpleUploadedFile("guide.pdf", content, content_type="application/pdf")
    response = editor_client.post(
        f"/en/my/organisations/{org.pk}/publications/new/", _proposal(file=upload)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Publication.objects.exists()


def test_a_proposal_needs_a_file_or_a_link_not_both(editor_client, org):
    url = f"/en/my/organisations/{org.pk}/publications/new/"
    assert editor_client.post(url, _proposal()).status_code == 400
    upload = SimpleUploadedFile("guide.pdf", PDF, content_type="application/pdf")
    both = _proposal(file=upload, external_url="https://example.org/a.pdf")
    assert editor_client.post(url, both).status_code == 400
    assert not Publication.objects.exists()


def test_a_coordinator_publishes_directly_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/admin/bulletin/publication/add/",
        {
            "title_el": "Πολιτική πρόταση",
            "title_en": "Policy paper",
            "slug": "policy-paper",
            "summary_el": "Περίληψη.",
            "summary_en": "",
            "publisher_name": "ACCMR",
            "type": "policy",
            "year": "2025",
            "languages": [make_language().pk],
            "external_url": "example.org/paper.pdf",
            "state": "pending",
            "review_comment": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    publication = Publication.objects.get()
    assert publication.state == Publication.State.PUBLISHED
    assert publication.external_url == "https://example.org/paper.pdf"
    assert client.get("/el/toolkit/policy-paper/").status_code == 200
