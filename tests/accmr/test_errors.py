import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory
from django.utils import translation

from accmr.views import server_error


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang, title",
    [("el", "Η σελίδα δεν βρέθηκε"), ("en", "Page not found")],
)
def test_missing_page_is_a_translated_404_in_the_site_layout(client, lang, title):
    response = client.get(f"/{lang}/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert 'rel="canonical"' not in html


@pytest.mark.django_db
def test_unknown_detail_page_is_a_404(client):
    assert client.get("/en/organisations/no-such-organisation/").status_code == 404


@pytest.mark.parametrize(
    "lang, title",
    [("el", "Κάτι πήγε στραβά από τη δική μας πλευρά"), ("en", "Something went wrong on our side")],
)
def test_500_page_renders_without_the_database(database_down, lang, title):
    # No django_db mark either: pytest-django refuses any database access in this test.
    request = RequestFactory().get(f"/{lang}/about/")
    with translation.override(lang):
        response = server_error(request)

    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert title in html
    assert 'class="site-header"' in html and 'href="tel:+302103638625"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["el", "en"])
def test_a_page_that_fails_for_lack_of_database_answers_with_the_500_page(
    client, database_down, lang
):
    client.raise_request_exception = False
    # A session cookie: the 500 page must not try to read the session either.
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "a-session-the-database-cannot-load"

    response = client.get(f"/{lang}/")

    assert response.status_code == 500
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'class="error-page"' in html
    assert "Content-Security-Policy" in response.headers


def _gettext_in(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", ["ar", "fa", "ur", "fr", "uk"])
def test_error_pages_are_in_every_public_language(client, lang, database_down):
    rtl = ' dir="rtl"' if lang in ("ar", "fa", "ur") else ""
    # 404
    response = client.get(f"/{lang}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}"{rtl}>' in html
    assert f"<h1>{_gettext_in(lang, 'Page not found')}</h1>" in html
    # 400: a refused request (a NUL in the path)
    response = client.get(f"/{lang}/about/%00/")
    assert response.status_code == 400
    assert f'<html lang="{lang}"{rtl}>' in response.content.decode()
    # 403: a form sent without its CSRF token
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post(f"/{lang}/organisations/x/report/", {})
    assert response.status_code == 403
    assert f'<html lang="{lang}"{rtl}>' in response.content.decode()
    # 500, without the database
    request = RequestFactory().get(f"/{lang}/about/")
    with translation.override(lang):
        response = server_error(request)
    html = response.content.decode()
    assert response.status_code == 500
    assert f'<html lang="{lang}"{rtl}>' in html
    assert _gettext_in(lang, "Something went wrong on our side") in html
