"""sitemap.xml with both languages and hreflang alternates; robots.txt."""

import pytest
from django.utils import timezone

from members.models import ServiceStatus, Status
from tests.factories import make_municipality, make_organisation, make_practice, make_service

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


def test_sitemap_index_lists_every_section(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    xml = response.content.decode()
    for section in ["pages", "organisations", "services", "municipalities", "practices"]:
        assert f"/sitemap-{section}.xml</loc>" in xml


def test_organisation_pages_are_listed_in_both_languages_with_hreflang(client, settings):
    settings.SITE_URL = SITE
    organisation = make_organisation(slug="legal-aid-centre")
    make_organisation(slug="draft-organisation", status=Status.DRAFT)
    xml = client.get("/sitemap-organisations.xml").content.decode()
    assert f"<loc>{SITE}/el/organisations/legal-aid-centre/</loc>" in xml
    assert f"<loc>{SITE}/en/organisations/legal-aid-centre/</loc>" in xml
    assert f'hreflang="el" href="{SITE}/el/organisations/legal-aid-centre/"' in xml
    assert f'hreflang="en" href="{SITE}/en/organisations/legal-aid-centre/"' in xml
    # Django's x-default is the address without a language prefix, which redirects each
    # visitor to their browser's language.
    assert f'hreflang="x-default" href="{SITE}/organisations/legal-aid-centre/"' in xml
    redirect = client.get("/organisations/legal-aid-centre/", HTTP_ACCEPT_LANGUAGE="en")
    assert redirect.status_code == 302
    assert redirect["Location"] == "/en/organisations/legal-aid-centre/"
    lastmod = timezone.localdate(organisation.updated_at).isoformat()  # in Athens
    assert f"<lastmod>{lastmod}</lastmod>" in xml
    assert "draft-organisation" not in xml


def test_services_municipalities_and_practices_are_listed_when_public(client):
    make_service(slug="legal-advice")
    make_service(slug="retired-service", status=ServiceStatus.RETIRED)
    make_municipality(slug="trikala")
    make_practice(slug="welcome-desk")
    make_practice(slug="draft-practice", status=Status.DRAFT)
    services = client.get("/sitemap-services.xml").content.decode()
    assert "/el/services/legal-advice/" in services and "/en/services/legal-advice/" in services
    assert "retired-service" not in services
    assert "/en/network/trikala/" in client.get("/sitemap-municipalities.xml").content.decode()
    practices = client.get("/sitemap-practices.xml").content.decode()
    assert "/el/network/practices/welcome-desk/" in practices
    assert "draft-practice" not in practices


def test_static_pages_are_listed(client):
    xml = client.get("/sitemap-pages.xml").content.decode()
    for path in ["/el/", "/en/about/", "/el/services/", "/en/network/", "/el/data/"]:
        assert f"{path}</loc>" in xml


def test_sitemap_queries_stay_constant(client, django_assert_max_num_queries):
    for n in range(20):
        make_service(slug=f"service-number-{n}")
    with django_assert_max_num_queries(2):  # count + page
        client.get("/sitemap-services.xml")


def test_robots_txt_points_to_the_sitemap_and_keeps_private_areas_out(client, settings):
    settings.SITE_URL = SITE
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in text
    for path in ["/admin/", "/el/my/", "/en/my/", "/el/account/", "/en/account/"]:
        assert f"Disallow: {path}\n" in text
    assert "Disallow: /\n" not in text
