"""Our own pages for the bare error answers: bad request (400), request too large (413) and a
refused form (CSRF, 403), each in the visitor's language and the site's layout; gunicorn's
limit for an over-long address is explicit."""

import runpy
from pathlib import Path

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

BASE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("lang", "title"), [("el", "Πολύ μεγάλο αίτημα"), ("en", "Request too large")]
)
def test_a_body_over_the_limit_gets_our_413_page(client, settings, lang, title):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(f"/{lang}/account/login/", {"username": "x" * 5000, "password": "y"})
    assert response.status_code == 413
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page and title in page


def test_too_many_fields_get_our_413_page(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    data = {f"field{number}": "x" for number in range(50)}
    response = client.post("/en/account/login/", data)
    assert response.status_code == 413
    assert "Request too large" in response.content.decode()


@pytest.mark.parametrize(("lang", "title"), [("el", "Εσφαλμένο αίτημα"), ("en", "Bad request")])
def test_a_bad_request_gets_our_400_page(client, lang, title):
    response = client.get(f"/{lang}/organisations/%00/")
    assert response.status_code == 400
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page and title in page


def test_a_refused_host_gets_a_plain_400_not_a_500(client):
    assert client.get("/en/about/", HTTP_HOST="evil.example").status_code == 400


@pytest.mark.parametrize(
    ("lang", "title"),
    [("el", "Η φόρμα δεν μπόρεσε να σταλεί"), ("en", "The form could not be sent")],
)
def test_a_refused_form_gets_our_translated_csrf_page(lang, title):
    attacker = Client(enforce_csrf_checks=True)
    response = attacker.post(f"/{lang}/account/login/", {"username": "a@b.gr", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page and title in page
    assert "CSRF verification failed" not in page


def test_gunicorn_refuses_over_long_addresses_at_a_documented_limit():
    config = runpy.run_path(str(BASE / "gunicorn.conf.py"))
    assert config["limit_request_line"] == 4094
    assert "limit_request_line" in (BASE / "README.md").read_text()
