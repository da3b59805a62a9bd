"""schema.org JSON-LD for organisation and service pages."""

import json
import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests import factories

pytestmark = pytest.mark.django_db


def _data(html: str) -> dict:
    match = re.fullmatch(r'\s*<script type="application/ld\+json">(.*)</script>\s*', html, re.S)
    assert match, html
    return json.loads(match.group(1))


def test_an_ngo_is_an_organization_with_its_address():
    organisation = factories.make_organisation(
        name="Κέντρο", name_en="Centre", website="https://centre.example.org", short_name="ΚΕ"
    )
    factories.make_location(organisation=organisation)
    with translation.override("en"):
        html = render_to_string(
            "members/includes/_jsonld_organisation.html", {"organisation": organisation}
        )
    data = _data(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Centre"
    assert data["url"].endswith(f"/en/organisations/{organisation.slug}/")
    assert data["sameAs"] == ["https://centre.example.org"]
    assert data["address"][0]["postalCode"] == "11471"


def test_a_municipal_body_and_its_services_are_governmental():
    municipal = factories.make_org_type(slug="municipal", name="Δήμος", is_municipal=True)
    organisation = factories.make_organisation(name="Δήμος Αθηναίων", org_type=municipal)
    service = factories.make_service(name="Κέντρο Ένταξης Μεταναστών", organisation=organisation)
    service.locations.add(
        factories.make_location(organisation=organisation, latitude="37.98", longitude="23.72")
    )
    service.languages.add(factories.make_language())
    factories.add_hours(service, 2, "09:00", "15:00")
    org = _data(
        render_to_string(
            "members/includes/_jsonld_organisation.html", {"organisation": organisation}
        )
    )
    assert org["@type"] == "GovernmentOrganization"
    data = _data(render_to_string("members/includes/_jsonld_service.html", {"service": service}))
    assert data["@type"] == "GovernmentService"
    assert data["provider"]["@type"] == "GovernmentOrganization"
    assert data["hoursAvailable"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Wednesday",
            "opens": "09:00",
            "closes": "15:00",
        }
    ]
    assert data["availableLanguage"] == ["Ελληνικά"]
    assert data["availableChannel"][0]["serviceLocation"]["geo"]["latitude"] == 37.98


def test_an_ngo_service_is_a_service():
    service = factories.make_service(name="Νομική βοήθεια")
    data = _data(render_to_string("members/includes/_jsonld_service.html", {"service": service}))
    assert data["@type"] == "Service"
    assert data["provider"]["@type"] == "Organization"
    assert data["isAccessibleForFree"] is True


def test_text_cannot_break_out_of_the_script_element():
    service = factories.make_service(name='</script><script>alert("x")</script> & <b>')
    html = render_to_string("members/includes/_jsonld_service.html", {"service": service})
    assert html.count("</script>") == 1
    assert "<b>" not in html
    assert _data(html)["name"] == '</script><script>alert("x")</script> & <b>'


def test_urls_come_from_the_request_when_site_url_is_not_set(settings, rf):
    settings.SITE_URL = ""
    service = factories.make_service(name="Νομική βοήθεια")
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    request = rf.get("/el/services/x/", HTTP_HOST="portal.example.org")
    html = render_to_string(
        "members/includes/_jsonld_service.html", {"service": service}, request=request
    )
    assert _data(html)["url"] == f"http://portal.example.org/el/services/{service.slug}/"
