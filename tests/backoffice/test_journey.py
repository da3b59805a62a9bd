"""The issue's "done when", played through the admin as a new coordinator would."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accmr.models import User
from members.models import Service
from tests.backoffice.browser_form import form_data
from tests.factories import (
    make_category,
    make_coordinator,
    make_language,
    make_organisation,
    make_population_group,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a long coordinator password"
HEADER = "organisation,name_el,name_en,category,status,languages,phone\n"


def _code(device) -> str:
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(6)


def _rows(broken: bool) -> str:
    lines = []
    for n in range(1, 201):
        category, phone, name_el = "legal", f"210 {3600000 + n}", f"Υπηρεσία {n}"
        if broken and n == 40:
            category = "psychology"
        if broken and n == 90:
            phone = "210 363"
        if broken and n == 150:
            name_el = ""
        lines.append(f'praksis,{name_el},Service {n},{category},published,"el, ar",{phone}\n')
    return HEADER + "".join(lines)


def test_a_coordinator_enrols_imports_fixes_checks_history_and_reverts(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    make_organisation(name="Πράξις", name_en="Praksis", slug="praksis")
    make_category(slug="legal", name="Νομική βοήθεια", name_en="Legal aid")
    make_language(slug="el")
    make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    make_population_group()
    make_coordinator(email="new.coordinator@accmr.example", password=PASSWORD)

    # 1. First log-in: password only, then the app is set up with a code.
    client.post(
        "/admin/login/?next=/admin/",
        {"username": "new.coordinator@accmr.example", "password": PASSWORD, "otp_token": ""},
    )
    setup = client.get("/admin/", follow=True)
    assert setup.redirect_chain[-1][0] == "/admin/two-factor/setup/"
    device = TOTPDevice.objects.get(user__email="new.coordinator@accmr.example")
    done = client.post("/admin/two-factor/setup/", {"token": _code(device)})
    assert "Your recovery codes" in done.content.decode()
    assert client.get("/admin/").status_code == 200

    # 2. A spreadsheet of 200 services with three bad rows: every problem, nothing written.
    upload = {"resource": "0", "format": "0"}
    preview = client.post(
        "/admin/members/service/import/",
        {**upload, "import_file": SimpleUploadedFile("services.csv", _rows(True).encode())},
        follow=True,  # to the job's page: the check ran in the queue (at once in tests)
    )
    page = preview.content.decode()
    assert "3 rows have errors, so nothing will be imported." in page
    assert "Unknown category “psychology”." in page
    assert "“210 363” is not a phone number we recognise." in page
    assert "The Greek name (name_el) is missing." in page
    bad_lines = [line["line"] for line in preview.context["preview"]["lines"] if line["errors"]]
    assert bad_lines == [41, 91, 151]  # lines of the file, the heading being line 1
    assert Service.objects.count() == 0

    # 3. Fixed file: previewed, confirmed, imported.
    preview = client.post(
        "/admin/members/service/import/",
        {**upload, "import_file": SimpleUploadedFile("services.csv", _rows(False).encode())},
        follow=True,
    )
    assert preview.context["preview"]["totals"]["new"] == 200
    job = preview.context["job"]
    done = client.post(f"/admin/members/service/import/{job.pk}/confirm/", follow=True)
    assert "Import finished: 200 new, 0 changed, 0 unchanged." in done.content.decode()
    assert Service.objects.published().count() == 200

    # 4. On the public site at once.
    service = Service.objects.get(name_el="Υπηρεσία 40")
    assert client.get(f"/en/services/{service.slug}/").status_code == 200

    # 5. A correction in the admin, seen in the history with old and new values.
    url = f"/admin/members/service/{service.pk}/change/"
    data = form_data(client.get(url).content.decode(), "service_form")
    data["name_en"] = "Legal advice for asylum seekers"
    assert client.post(url, data).status_code == 302
    history = client.get(f"/admin/members/service/{service.pk}/history/").content.decode()
    assert "new.coordinator@accmr.example" in history
    assert "Service 40" in history and "Legal advice for asylum seekers" in history

    # 6. Revert to the imported version.
    imported = service.history.earliest()
    revert_url = f"/admin/members/service/{service.pk}/history/{imported.history_id}/"
    data = form_data(client.get(revert_url).content.decode(), "historicalservice_form")
    assert client.post(revert_url, data).status_code == 302
    service.refresh_from_db()
    assert service.name_en == "Service 40"
    assert sorted(service.languages.values_list("slug", flat=True)) == ["ar", "el"]

    # 7. A coordinator cannot create a superuser.
    client.post(
        "/admin/accmr/user/add/",
        {
            "email": "intruder@example.org",
            "usable_password": "true",
            "password1": "another long password 1",
            "password2": "another long password 1",
            "is_superuser": "on",
            "is_staff": "on",
            "editor_memberships-TOTAL_FORMS": "0",
            "editor_memberships-INITIAL_FORMS": "0",
        },
    )
    assert not User.objects.filter(is_superuser=True).exists()
    assert re.search(r"intruder@example\.org", client.get("/admin/accmr/user/").content.decode())
