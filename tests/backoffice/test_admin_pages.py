"""Every back-office page opens, in Greek and in English, and follows the interface language."""

import pytest
from django.contrib import admin

from tests.factories import (
    make_coordinator,
    make_location,
    make_municipality,
    make_organisation,
    make_practice,
    make_service,
    make_superuser,
)

pytestmark = pytest.mark.django_db

REVIEW_MODELS = {"changerequest", "editormembership", "invitation"}  # members/admin/review.py


def _our_admin_urls():
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if (
            opts.app_label in ("members", "network", "accmr")
            and opts.model_name not in REVIEW_MODELS
        ):
            yield f"/admin/{opts.app_label}/{opts.model_name}/"
            if model_admin.has_add_permission.__func__ is not None:
                yield f"/admin/{opts.app_label}/{opts.model_name}/add/"


@pytest.mark.parametrize("lang", ["el", "en"])
def test_every_list_and_add_page_opens_in_both_languages(client, lang):
    client.force_login(make_superuser())
    service = make_service()
    make_location(organisation=service.organisation)
    make_practice()
    for url in _our_admin_urls():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=lang)
        assert response.status_code in (200, 403), url  # 403: reports cannot be added
        if response.status_code == 200:
            assert f'<html lang="{lang}"' in response.content.decode(), url


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("el", ["Οργανώσεις", "Τελευταίος έλεγχος", "Λείπουν τα αγγλικά", "Πίνακας ελέγχου"]),
        ("en", ["Organisations", "Last checked", "English missing", "Dashboard"]),
    ],
)
def test_the_admin_follows_the_browser_language(client, lang, expected):
    client.force_login(make_coordinator())
    make_organisation()
    html = client.get("/admin/members/organisation/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    for text in expected:
        assert text in html


def test_the_language_buttons_set_the_cookie_the_admin_then_follows(client):
    client.force_login(make_coordinator())
    response = client.post(
        "/admin/language/", {"language": "en", "next": "/admin/members/organisation/"}
    )
    assert response.status_code == 302 and response["Location"] == "/admin/members/organisation/"
    html = client.get("/admin/members/organisation/", HTTP_ACCEPT_LANGUAGE="el").content.decode()
    assert '<html lang="en"' in html


@pytest.mark.parametrize("lang", ["el", "en"])
def test_change_pages_open_with_language_tabs_and_inlines(client, lang):
    client.force_login(make_coordinator())
    service = make_service()
    organisation = service.organisation
    make_location(organisation=organisation)
    municipality = make_municipality(organisation=organisation)
    for url in [
        f"/admin/members/organisation/{organisation.pk}/change/",
        f"/admin/members/service/{service.pk}/change/",
        f"/admin/network/municipality/{municipality.pk}/change/",
    ]:
        html = client.get(url, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert "modeltranslation/js/tabbed_translation_fields.js" in html, url
        assert "/static/js/admin_tabs.js" in html, url
        assert "googleapis" not in html and "//ajax." not in html, url
    html = client.get(f"/admin/members/organisation/{organisation.pk}/change/").content.decode()
    assert f'href="/admin/members/service/{service.pk}/change/"' in html  # compact service list
    assert f"/admin/members/service/add/?organisation={organisation.pk}" in html


@pytest.mark.parametrize(
    "field, value, ok",
    [
        ("tax_number", "123456783", True),
        ("tax_number", "123456789", False),  # wrong check digit
        ("tax_number", "12345678", False),
        ("gemi_number", "123456701000", True),
        ("gemi_number", "12-34", False),
        ("ngo_registry_number", "ΜΚΟ 1234/2020", True),
        ("ngo_registry_number", "no digits", False),
        ("phone", "210 3638625, 6912345678", True),
        ("phone", "12", False),
    ],
)
def test_greek_identifiers_and_phones_are_checked_in_the_admin_form(rf, field, value, ok):
    from members.models import Organisation

    request = rf.get("/admin/")
    request.user = make_coordinator()
    form_class = admin.site._registry[Organisation].get_form(request)
    form = form_class(data={field: value})
    form.is_valid()
    assert (field not in form.errors) is ok, form.errors.get(field)


@pytest.mark.parametrize(
    "content, ok",
    [
        (b"%PDF-1.7\n...", True),
        (b"MZ\x90\x00 not a pdf", False),
        (b"%PDF-" + b"0" * (10 * 1024 * 1024), False),
    ],
)
def test_good_practice_attachments_must_be_small_pdfs(rf, content, ok):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from network.models import GoodPractice

    request = rf.get("/admin/")
    request.user = make_coordinator()
    form_class = admin.site._registry[GoodPractice].get_form(request)
    upload = SimpleUploadedFile("practice.pdf", content, content_type="application/pdf")
    form = form_class(data={}, files={"attachment": upload})
    form.is_valid()
    assert ("attachment" not in form.errors) is ok, form.errors.get("attachment")
