"""The downloads page, the CSV and HSDS data package zips, and export_open_data."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command

from accmr.lib.spreadsheet import safe_cell
from members.hsds.files import TABLES, columns
from tests.factories import make_organisation

from .conftest import SECRETS

pytestmark = pytest.mark.django_db


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def _rows(archive: zipfile.ZipFile, name: str) -> list[dict]:
    text = archive.read(f"{name}.csv").decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize(("lang", "licence"), [("el", "Άδεια"), ("en", "Licence")])
def test_downloads_page_lists_files_licence_and_api_in_each_language(client, lang, licence):
    response = client.get(f"/{lang}/data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert licence in html
    assert 'rel="license"' in html and "CC BY 4.0" in html
    for name in [
        "accmr-directory-el-csv.zip",
        "accmr-directory-en-csv.zip",
        "accmr-directory-el-hsds-datapackage.zip",
        "accmr-directory-en-hsds-datapackage.zip",
    ]:
        assert f'href="/{lang}/data/{name}"' in html
    assert "/api/hsds/" in html
    assert "?lang=en" in html


def test_csv_zip_has_one_file_per_table_with_public_rows_only(client, built):
    response = client.get("/en/data/accmr-directory-en-csv.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="accmr-directory-en-csv.zip"' in response["Content-Disposition"]
    archive = _zip(response)
    assert sorted(archive.namelist()) == sorted([f"{t}.csv" for t in TABLES] + ["LICENCE.txt"])
    services = _rows(archive, "services")
    assert {row["name"] for row in services} == {"Legal advice", "Διερμηνεία"}
    assert list(services[0]) == columns("services")
    organisations = {row["name"] for row in _rows(archive, "organizations")}
    assert organisations == {"Legal Aid Centre", "City of Athens"}
    everything = "".join(archive.read(name).decode("utf-8-sig") for name in archive.namelist())
    for secret in SECRETS:
        assert secret not in everything


def test_hsds_datapackage_describes_every_csv(client, built):
    archive = _zip(client.get("/el/data/accmr-directory-el-hsds-datapackage.zip"))
    package = json.loads(archive.read("datapackage.json"))
    assert package["licenses"][0]["name"] == "CC BY 4.0"
    assert package["language"] == "el"
    for resource in package["resources"]:
        header = archive.read(resource["path"]).decode("utf-8-sig").splitlines()[0]
        assert header.split(",") == [field["name"] for field in resource["schema"]["fields"]]
    services = _rows(archive, "services")
    assert "Νομική συμβουλευτική" in {row["name"] for row in services}


def test_spreadsheet_formulas_are_neutralised(client, directory, build_files):
    make_organisation(name='=HYPERLINK("http://evil.example")', phone="@SUM(1)")
    build_files()
    archive = _zip(client.get("/el/data/accmr-directory-el-csv.zip"))
    names = {row["name"] for row in _rows(archive, "organizations")}
    assert '\'=HYPERLINK("http://evil.example")' in names
    numbers = {row["number"] for row in _rows(archive, "phones")}
    assert "'@SUM(1)" in numbers
    assert "'+302100000000" in numbers  # stored in E.164


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+30", "'+30"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (None, ""),
        (True, "true"),
        (37.9, 37.9),
    ],
)
def test_neutralise(value, cell):
    assert safe_cell(value) == cell


def test_a_download_reads_no_data_and_a_change_needs_a_new_build(
    client, directory, build_files, django_assert_max_num_queries
):
    build_files()
    first = b"".join(client.get("/el/data/accmr-directory-el-csv.zip").streaming_content)
    with django_assert_max_num_queries(0):  # the file, not the directory
        again = client.get("/el/data/accmr-directory-el-csv.zip")
        assert b"".join(again.streaming_content) == first
    make_organisation(name="Νέα οργάνωση")
    stale = _zip(client.get("/el/data/accmr-directory-el-csv.zip"))  # the last build
    assert "Νέα οργάνωση" not in {row["name"] for row in _rows(stale, "organizations")}
    build_files()
    archive = _zip(client.get("/el/data/accmr-directory-el-csv.zip"))
    assert "Νέα οργάνωση" in {row["name"] for row in _rows(archive, "organizations")}


def test_unknown_file_is_404(client):
    assert client.get("/el/data/secrets.zip").status_code == 404
    assert client.get("/el/data/accmr-directory-fr-csv.zip").status_code == 404


def test_export_command_writes_every_file_once_per_version(directory, settings):
    settings.SITE_URL = "https://portal.example.org"
    call_command("export_open_data", stdout=io.StringIO())
    folder = settings.MEDIA_ROOT / "opendata"
    manifest = json.loads((folder / "manifest.json").read_text())
    names = sorted(path.name for path in (folder / manifest["tag"]).iterdir())
    assert (
        names
        == sorted(manifest["files"])
        == [
            "accmr-directory-el-csv.zip",
            "accmr-directory-el-hsds-datapackage.zip",
            "accmr-directory-en-csv.zip",
            "accmr-directory-en-hsds-datapackage.zip",
            "hsds-organizations-el.ndjson.gz",
            "hsds-organizations-en.ndjson.gz",
            "hsds-service_at_locations-el.ndjson.gz",
            "hsds-service_at_locations-en.ndjson.gz",
            "hsds-services-el.ndjson.gz",
            "hsds-services-en.ndjson.gz",
        ]
    )
    built_at = manifest["built_at"]
    call_command("export_open_data", stdout=io.StringIO())  # same data: nothing to do
    assert json.loads((folder / "manifest.json").read_text())["built_at"] == built_at
    call_command("export_open_data", "--force", stdout=io.StringIO())  # no suffixed copies
    assert len(list((folder / manifest["tag"]).iterdir())) == 10


def test_export_command_needs_the_site_address(settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("export_open_data", stdout=io.StringIO())


def test_a_download_before_the_first_build_is_503_with_retry_after(client, directory, build_files):
    pending = client.get("/en/data/accmr-directory-en-csv.zip")
    assert pending.status_code == 503
    assert int(pending["Retry-After"]) > 0
    assert "being prepared" in pending.content.decode()
    build_files()
    fresh = client.get("/en/data/accmr-directory-en-csv.zip")
    assert fresh.status_code == 200
    names = {row["name"] for row in _rows(_zip(fresh), "organizations")}
    assert "Legal Aid Centre" in names
