"""Importing and exporting organisations, services and locations through the admin."""

import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Location, Organisation, Service
from tests import factories

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"
SERVICE_HEADER = (
    "organisation,name_el,name_en,category,subcategory,languages,population_groups,phone,is_free"
)
GOOD_ROWS = [
    'praksis,Νομική συμβουλή,Legal advice,legal,asylum,"ar, en",refugees,210 3638625,1',
    "praksis,Ιατρείο,Medical clinic,health,,el,,+30 210 5205200,yes",
    'praksis,Μαθήματα ελληνικών,Greek lessons,education,,"el,ar",refugees,,ναι',
]
BAD_ROWS = [
    "praksis,Συμβουλευτική,Counselling,psychology,,el,,,1",  # unknown category
    "praksis,Τηλεφωνική γραμμή,Helpline,health,,,,123 45 6,1",  # bad phone number
    "praksis,,No Greek name,legal,,,,,1",  # missing Greek name
]


@pytest.fixture
def coordinator(coordinator, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked in English here
    return coordinator


@pytest.fixture
def vocabularies():
    factories.make_organisation(name="Πράξις", name_en="Praksis", slug="praksis")
    legal = factories.make_category(slug="legal", name="Νομική βοήθεια", name_en="Legal aid")
    factories.make_category(slug="asylum", name="Άσυλο", name_en="Asylum", parent=legal)
    factories.make_category(slug="health", name="Υγεία", name_en="Health")
    factories.make_category(slug="education", name="Εκπαίδευση", name_en="Education")
    for slug, name, name_en in [
        ("el", "Ελληνικά", "Greek"),
        ("en", "Αγγλικά", "English"),
        ("ar", "Αραβικά", "Arabic"),
    ]:
        factories.make_language(slug=slug, name=name, name_en=name_en)
    factories.make_population_group()


def _csv(*rows, header=SERVICE_HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def _upload(client, data: bytes, name="services.csv", fmt=CSV, model="service"):
    """Upload a file; a refused one answers the form again, an accepted one is checked by the
    queue (at once in tests) and its job page, with the preview, is returned."""
    response = client.post(
        f"/admin/members/{model}/import/",
        {"resource": "0", "format": fmt, "import_file": SimpleUploadedFile(name, data)},
    )
    if response.status_code != 302:
        return response
    assert response["Location"].startswith(f"/admin/members/{model}/import/")
    return client.get(response["Location"])


def _confirm(client, preview, model="service"):
    job = preview.context["job"]
    return client.post(f"/admin/members/{model}/import/{job.pk}/confirm/")


def _ready(preview) -> bool:
    return preview.context["job"].state == "checked"


def _import(client, data, **kw):
    preview = _upload(client, data, **kw)
    assert _ready(preview), preview.context.get("preview")
    return _confirm(client, preview, kw.get("model", "service"))


def test_a_clean_file_is_previewed_row_by_row_then_imported_with_history(
    client, coordinator, vocabularies
):
    preview = _upload(client, _csv(*GOOD_ROWS))
    assert preview.status_code == 200
    assert Service.objects.count() == 0  # the preview writes nothing
    lines = preview.context["preview"]["lines"]
    assert [(line["line"], line["type"]) for line in lines] == [(2, "new"), (3, "new"), (4, "new")]
    assert {"column": "category", "old": "", "new": "legal"} in lines[0]["changes"]

    response = _confirm(client, preview)
    assert response.status_code == 302
    report = client.get(response["Location"])
    assert "Import finished: 3 new, 0 changed, 0 unchanged." in report.content.decode()
    assert [line["type"] for line in report.context["preview"]["lines"]] == ["new"] * 3
    advice = Service.objects.get(slug="praksis-legal-advice")
    assert advice.name_el == "Νομική συμβουλή" and advice.subcategory.slug == "asylum"
    assert sorted(advice.languages.values_list("slug", flat=True)) == ["ar", "en"]
    assert advice.is_free and advice.organisation.slug == "praksis"
    # One record per imported row, with its many-to-many values.
    record = advice.history.get()
    assert (record.history_type, record.history_user) == ("+", coordinator)
    assert record.history_change_reason == "Import services.csv"
    assert sorted(record.languages.values_list("language__slug", flat=True)) == ["ar", "en"]
    assert advice.search_text  # saved through the model, so search works at once


def test_three_bad_rows_are_explained_and_nothing_is_written(client, coordinator, vocabularies):
    preview = _upload(client, _csv(*GOOD_ROWS, *BAD_ROWS))
    assert preview.status_code == 400  # the whole file is refused, each row explained
    assert not _ready(preview) and "Confirm import" not in preview.content.decode()
    errors = {
        line["line"]: line["errors"]
        for line in preview.context["preview"]["lines"]
        if line["errors"]
    }
    assert sorted(errors) == [5, 6, 7]
    assert errors[5] == [{"column": "category", "messages": ["Unknown category “psychology”."]}]
    assert (
        errors[6][0]["column"] == "phone"
        and "“123 45 6” is not a phone number" in errors[6][0]["messages"][0]
    )
    assert errors[7] == [
        {"column": "name_el", "messages": ["The Greek name (name_el) is missing."]}
    ]
    page = preview.content.decode()
    assert "Unknown category “psychology”." in page
    assert "3 rows have errors, so nothing will be imported." in page
    assert Service.objects.count() == 0


def test_the_preview_speaks_greek_to_a_greek_coordinator(client, coordinator, vocabularies):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "el"
    response = _upload(client, _csv(BAD_ROWS[0]), name="υπηρεσίες.csv")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Άγνωστη κατηγορία «psychology»." in page
    assert "1 γραμμή έχει λάθη, οπότε δεν θα εισαχθεί τίποτα." in page


def test_importing_the_same_file_again_changes_nothing(client, coordinator, vocabularies):
    _import(client, _csv(*GOOD_ROWS))
    history_before = Service.history.count()

    preview = _upload(client, _csv(*GOOD_ROWS))
    assert [line["type"] for line in preview.context["preview"]["lines"]] == ["skip"] * 3
    _confirm(client, preview)
    assert Service.objects.count() == 3
    assert Service.history.count() == history_before


def test_a_changed_cell_is_shown_with_its_old_and_new_value(client, coordinator, vocabularies):
    _import(client, _csv(*GOOD_ROWS))
    changed = GOOD_ROWS[1].replace("Medical clinic", "Health clinic")
    preview = _upload(client, _csv(GOOD_ROWS[0], changed))
    lines = preview.context["preview"]["lines"]
    assert lines[0]["type"] == "skip"
    assert lines[1]["type"] == "update"
    assert lines[1]["changes"] == [
        {"column": "name_en", "old": "Medical clinic", "new": "Health clinic"}
    ]
    _confirm(client, preview)
    # The slug was made from the first English name and stays the record's key.
    clinic = Service.objects.get(slug="praksis-medical-clinic")
    assert clinic.name_en == "Health clinic"
    changed, created = clinic.history.all()
    assert (changed.history_type, changed.name_en, created.name_en) == (
        "~",
        "Health clinic",
        "Medical clinic",
    )


def test_rows_that_became_invalid_after_the_preview_roll_the_whole_file_back(
    client, coordinator, vocabularies
):
    preview = _upload(client, _csv(*GOOD_ROWS))
    from members.models import ServiceCategory

    ServiceCategory.objects.filter(slug="education").delete()
    response = _confirm(client, preview)
    assert response.status_code == 302
    report = client.get(response["Location"])
    assert report.context["job"].state == "failed"
    assert "Nothing was imported: the file has errors now." in report.content.decode()
    assert report.context["preview"]["error_lines"] == 1
    assert Service.objects.count() == 0


def test_the_same_service_twice_in_a_file_is_an_error(client, coordinator, vocabularies):
    preview = _upload(client, _csv(GOOD_ROWS[0], GOOD_ROWS[0]))
    lines = preview.context["preview"]["lines"]
    assert not lines[0]["errors"]
    assert lines[1]["errors"][0]["column"] == "slug"
    assert "same slug" in lines[1]["errors"][0]["messages"][0]


def test_an_xlsx_file_imports_like_a_csv_file(client, coordinator, vocabularies):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(SERVICE_HEADER.split(","))
    sheet.append(
        ["praksis", "Ιατρείο", "Medical clinic", "health", None, "el", None, 2105205200, 1]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    _import(client, buffer.getvalue(), name="services.xlsx", fmt=XLSX)
    assert Service.objects.get().phone == "+302105205200"  # stored in E.164


def test_organisations_with_a_bad_tax_number_are_refused(client, coordinator, vocabularies):
    header = "slug,name_el,name_en,type,tax_number,gemi_number"
    data = _csv(
        "solidarity-now,Αλληλεγγύη Τώρα,Solidarity Now,ngo,123456783,",
        "bad-afm,Λάθος ΑΦΜ,Bad tax number,ngo,123456789,",
        "short-afm,Σύντομο,Short,ngo,12345,12ab",
        header=header,
    )
    preview = _upload(client, data, model="organisation")
    errors = {line["line"]: line["errors"] for line in preview.context["preview"]["lines"]}
    assert errors[2] == []
    assert errors[3] == [
        {
            "column": "tax_number",
            "messages": ["This is not a valid tax number (ΑΦΜ): its check digit does not match."],
        }
    ]
    assert {e["column"] for e in errors[4]} == {"tax_number", "gemi_number"}
    assert not Organisation.objects.filter(slug="solidarity-now").exists()


def test_locations_without_an_id_are_matched_on_their_address(client, coordinator, vocabularies):
    header = "organisation,address_el,postcode,community,step_free"
    data = _csv("praksis,Στουρνάρη 57,10432,3,1", header=header)
    _import(client, data, model="location")
    location = Location.objects.get(organisation__slug="praksis")
    assert (location.address_el, location.community, location.step_free) == (
        "Στουρνάρη 57",
        3,
        True,
    )

    again = _upload(client, data, model="location")
    assert [line["type"] for line in again.context["preview"]["lines"]] == ["skip"]


def test_a_location_id_of_another_organisation_is_refused(client, coordinator, vocabularies):
    elsewhere = factories.make_location(organisation=factories.make_organisation(slug="other"))
    header = "id,organisation,address_el"
    preview = _upload(
        client, _csv(f"{elsewhere.pk},praksis,Οδός 1", header=header), model="location"
    )
    assert preview.context["preview"]["lines"][0]["errors"][0]["column"] == "id"


# -- Bad files ---------------------------------------------------------------------------


def _refused(response) -> str:
    assert response.status_code == 400
    errors = response.context["form"].errors.get("import_file")
    assert errors, "the upload should have been refused"
    return " ".join(errors)


def test_a_file_in_the_wrong_encoding_is_refused(client, coordinator, vocabularies):
    data = ("\n".join([SERVICE_HEADER, GOOD_ROWS[0]]) + "\n").encode("cp1253")
    assert "not in UTF-8 encoding" in _refused(_upload(client, data))
    assert Service.objects.count() == 0


def test_a_file_with_wrong_columns_is_refused_naming_them(client, coordinator, vocabularies):
    message = _refused(_upload(client, _csv("x,y", header="Όνομα,Κατηγορία")))
    assert "Unknown columns: Όνομα, Κατηγορία." in message
    assert "Missing columns: organisation, name_el, category." in message


def test_a_50_mb_file_is_refused_before_it_is_read(client, coordinator, vocabularies):
    data = _csv(*GOOD_ROWS) + b"#" * (50 * 1024 * 1024)
    assert "too big" in _refused(_upload(client, data))
    assert Service.objects.count() == 0


def test_an_xlsx_bomb_is_refused_before_openpyxl_opens_it(client, coordinator, vocabularies):
    book = openpyxl.Workbook()
    book.active.append(SERVICE_HEADER.split(","))
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/padding.xml", b" " * (20 * 1024 * 1024))  # 20 MB → ~20 kB
    assert len(buffer.getvalue()) < 200 * 1024
    assert "far more room once opened" in _refused(
        _upload(client, buffer.getvalue(), name="bomb.xlsx", fmt=XLSX)
    )


def test_a_file_that_is_not_really_xlsx_is_refused(client, coordinator, vocabularies):
    message = _refused(_upload(client, _csv(*GOOD_ROWS), name="services.xlsx", fmt=XLSX))
    assert "not an Excel (XLSX) file" in message


@pytest.mark.parametrize("fmt", [CSV, XLSX])
def test_formulas_in_cells_are_refused(client, coordinator, vocabularies, fmt):
    if fmt == CSV:
        data = _csv('praksis,"=HYPERLINK(""http://evil.example"",""x"")",x,legal,,,,,1')
    else:
        book = openpyxl.Workbook()
        book.active.append(SERVICE_HEADER.split(","))
        book.active.append(["praksis", "=1+1", "x", "legal", None, None, None, None, 1])
        buffer = io.BytesIO()
        book.save(buffer)
        data = buffer.getvalue()
    message = _refused(_upload(client, data, name="f.xlsx" if fmt == XLSX else "f.csv", fmt=fmt))
    assert "Cells with formulas cannot be imported (B2)" in message
    assert Service.objects.count() == 0


def test_importing_needs_add_and_change_permissions(client, vocabularies):
    from tests.factories import make_user

    viewer = make_user(is_staff=True)
    client.force_login(viewer)
    assert client.get("/admin/members/service/import/").status_code == 403


# -- Export --------------------------------------------------------------------------------


def _export(client, query="", fmt=CSV, model="service"):
    page = client.get(f"/admin/members/{model}/export/{query}")
    assert page.status_code == 200
    return client.post(f"/admin/members/{model}/export/{query}", {"format": fmt, "resource": "0"})


def test_an_export_follows_the_lists_filter_and_neutralises_formulas(
    client, coordinator, vocabularies
):
    organisation = Organisation.objects.get(slug="praksis")
    category = factories.make_category(slug="food", name="Τροφή")
    factories.make_service(
        name="=cmd|' /C calc'!A0",
        name_en="+SUM(1)",
        organisation=organisation,
        category=category,
        slug="danger",
        status="draft",
        phone="+30 210 3638625",
    )
    factories.make_service(
        name="Δημοσιευμένη", organisation=organisation, category=category, slug="published-one"
    )

    response = _export(client, "?status__exact=draft")
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "danger" in text and "published-one" not in text
    assert "'=cmd|' /C calc'!A0" in text
    assert "'+SUM(1)" in text
    assert "'+302103638625" in text


def test_an_exported_file_imports_back_without_changes(client, coordinator, vocabularies):
    _import(client, _csv(*GOOD_ROWS))
    Service.objects.filter(slug="praksis-medical-clinic").update(name_en="-dash first")
    exported = _export(client).content
    preview = _upload(client, exported)
    assert [line["type"] for line in preview.context["preview"]["lines"]] == ["skip"] * 3


def test_an_xlsx_export_holds_no_formula(client, coordinator, vocabularies):
    factories.make_service(
        name="=1+1", organisation=Organisation.objects.get(slug="praksis"), slug="formula"
    )
    response = _export(client, fmt=XLSX)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert "'=1+1" in [cell.value for cell in cells]
