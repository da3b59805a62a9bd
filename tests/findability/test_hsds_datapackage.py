"""The open-data zips as an HSDS 3.0 data package: frictionless validates our descriptor and
tables, and validates the same tables against Open Referral's own tabular schemas
(tests/findability/hsds/datapackage.json). The CSVs carry the API's UUIDs."""

import copy
import io
import json
import zipfile

import pytest
from frictionless import Package, system

from members.hsds.files import TABLES

from .hsds_schemas import datapackage as official_datapackage

pytestmark = pytest.mark.django_db


def _extract(client, tmp_path, lang="en"):
    response = client.get(f"/{lang}/data/accmr-directory-{lang}-hsds-datapackage.zip")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    zipfile.ZipFile(io.BytesIO(content)).extractall(tmp_path)
    return json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))


def _problems(report) -> list[str]:
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors][:20]


def test_our_data_package_is_valid_for_frictionless(client, built, tmp_path):
    _extract(client, tmp_path)
    with system.use_context(trusted=True):
        report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, _problems(report)


def test_every_table_validates_against_the_official_hsds_tabular_schemas(client, built, tmp_path):
    ours = _extract(client, tmp_path)
    official = official_datapackage()
    by_path = {resource["path"]: resource for resource in official["resources"]}
    resources = []
    for resource in ours["resources"]:
        hsds = copy.deepcopy(by_path[resource["path"]])  # same file names as HSDS
        assert hsds["name"] == resource["name"]
        assert [f["name"] for f in hsds["schema"]["fields"]] == [
            f["name"] for f in resource["schema"]["fields"]
        ]
        # Foreign keys to tables we do not publish (programs, contacts…) cannot resolve.
        hsds["schema"].pop("foreignKeys", None)
        hsds["encoding"] = "utf-8-sig"
        resources.append(hsds)
    assert len(resources) == len(TABLES)
    descriptor = {k: v for k, v in official.items() if k != "resources"} | {"resources": resources}
    with system.use_context(trusted=True):
        report = Package(descriptor, basepath=str(tmp_path)).validate()
    assert report.valid, _problems(report)


def test_the_csv_tables_carry_the_apis_uuids(client, built, tmp_path):
    _extract(client, tmp_path)
    services = (tmp_path / "services.csv").read_text(encoding="utf-8-sig")
    assert str(built["service"].uuid) in services
    links = (tmp_path / "service_at_location.csv").read_text(encoding="utf-8-sig")
    [api_link] = client.get("/api/hsds/service_at_locations").json()["contents"]
    assert api_link["id"] in links
