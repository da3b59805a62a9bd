import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from network.forms import GoodPracticeForm
from network.validators import MAX_PDF_BYTES, practice_attachment_path, validate_pdf
from tests.factories import make_category, make_municipality, make_practice

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(content: bytes, name: str = "guide.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_a_real_pdf_is_accepted():
    validate_pdf(upload(PDF))


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"<html><script>alert(1)</script></html>", "not_pdf"),
        (b"MZ\x90\x00 an executable renamed to .pdf", "not_pdf"),
        (b"", "empty"),
        (b"%PDF-1.4\n<!DOCTYPE html><html><body onload=alert(1)>", "html"),
        (b"%PDF-1.7\n<script>fetch('/admin/')</script>", "html"),
        (b"%PDF-1.7\n<SVG onload=alert(1)>", "html"),
    ],
)
def test_files_that_are_not_plain_pdfs_are_refused(content, code):
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload(content))
    assert error.value.code == code


def test_files_over_10_mb_are_refused():
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload(PDF + b"0" * MAX_PDF_BYTES))
    assert error.value.code == "too_large"


def test_validation_leaves_the_file_ready_to_be_saved_from_its_start():
    file = upload(PDF)
    validate_pdf(file)
    assert file.read(5) == b"%PDF-"


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd.pdf", "report.pdf.html", "Οδηγός ένταξης.PDF", "<script>.pdf", "....pdf"],
)
def test_storage_name_is_safe_random_and_ends_in_pdf(name):
    path = practice_attachment_path(None, name)
    assert re.fullmatch(r"practices/[a-z0-9-]{1,60}-[0-9a-f]{8}\.pdf", path), path
    assert practice_attachment_path(None, name) != path


@pytest.fixture
def form_data(db):
    municipality = make_municipality()
    theme = make_category()
    return {
        "title_el": "Οδηγός",
        "slug": "guide",
        "summary_el": "Περίληψη",
        "municipalities": [municipality.pk],
        "themes": [theme.pk],
        "date": "2024-05-01",
        "status": "published",
        "links": "https://example.org/a\n\n  https://example.org/b  ",
    }


def test_good_practice_form_accepts_a_pdf_and_stores_it_under_a_safe_name(form_data, settings):
    form = GoodPracticeForm(form_data, {"attachment": upload(PDF, "Our guide (final).pdf")})
    assert form.is_valid(), form.errors
    practice = form.save()
    assert re.fullmatch(r"practices/our-guide-final-[0-9a-f]{8}\.pdf", practice.attachment.name)
    assert practice.attachment.read() == PDF
    assert practice.links == "https://example.org/a\nhttps://example.org/b"


def test_good_practice_form_refuses_html_disguised_as_pdf(form_data):
    form = GoodPracticeForm(form_data, {"attachment": upload(b"<html>hi</html>", "x.pdf")})
    assert not form.is_valid()
    assert "attachment" in form.errors


def test_good_practice_form_refuses_a_pdf_with_another_extension(form_data):
    form = GoodPracticeForm(form_data, {"attachment": upload(PDF, "guide.html")})
    assert not form.is_valid()
    assert "attachment" in form.errors


def test_good_practice_form_refuses_links_that_are_not_web_addresses(form_data):
    form_data["links"] = "https://example.org/ok\njavascript:alert(1)"
    form = GoodPracticeForm(form_data)
    assert not form.is_valid()
    assert "javascript:alert(1)" in str(form.errors["links"])


@pytest.mark.django_db
def test_practice_page_offers_the_attachment_for_download(client, settings):
    practice = make_practice(slug="with-pdf", date=dt.date(2024, 1, 1))
    practice.attachment.save("guide.pdf", upload(PDF), save=True)
    html = client.get("/en/network/practices/with-pdf/").content.decode()
    assert f'href="/media/{practice.attachment.name}" download' in html
    assert f"(PDF, {len(PDF)}\xa0bytes)" in html  # its size


@pytest.mark.django_db
def test_practice_page_survives_a_missing_attachment_file(client):
    make_practice(slug="lost-pdf", attachment="practices/gone-0000.pdf")
    response = client.get("/en/network/practices/lost-pdf/")
    assert response.status_code == 200
    assert "Download the PDF" in response.content.decode()
