"""The worker itself, as a real process on PostgreSQL: killed in the middle of an import, it
leaves nothing half-imported, the job is shown as failed, and "try again" imports the file."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from members.imports import jobs as imports
from members.models import ImportJob, Service
from tests.backoffice.test_import_export import _csv
from tests.backoffice.test_import_export import vocabularies as vocabularies  # noqa: F401
from tests.factories import make_coordinator

ROWS = 600

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="a worker process needs a database it can share with the test: PostgreSQL",
    ),
]


def _worker() -> subprocess.Popen:
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        ),
        "TASKS_BACKEND": "database",
        "DEBUG": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=Path(django_settings.BASE_DIR),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _wait(condition, seconds=180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("timed out")


def _state(job) -> str:
    job.refresh_from_db(fields=["state"])
    return job.state


def test_killing_the_worker_mid_import_leaves_nothing_and_the_job_failed(
    client, vocabularies, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_STALE_SECONDS = 2
    client.force_login(make_coordinator())
    rows = [f"praksis,Υπηρεσία {n},Service {n},legal,,el,,,1" for n in range(ROWS)]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        "/admin/members/service/import/",
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("big.csv", _csv(*rows)),
        },
    )
    job = ImportJob.objects.get()
    worker = _worker()
    try:
        _wait(lambda: _state(job) == "checked")
        client.post(f"/admin/members/service/import/{job.pk}/confirm/")
        # Mid-import: rows are being written, the transaction is open.
        _wait(lambda: _state(job) == "running" and imports.progress(job)["written"] > 200)
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGKILL)

    assert Service.objects.count() == 0  # PostgreSQL rolled the transaction back
    time.sleep(2.5)  # the stale-job timeout
    page = client.get(f"/admin/members/service/import/{job.pk}/").content.decode()
    assert _state(job) == "failed"
    assert "Δοκιμάστε ξανά" in page  # "Try again": the admin is in Greek
    assert f"/admin/members/service/import/{job.pk}/retry/" in page

    worker = _worker()
    try:
        client.post(f"/admin/members/service/import/{job.pk}/retry/")
        _wait(lambda: _state(job) == "done")
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=30)
    assert Service.objects.count() == ROWS


def test_two_coordinators_importing_at_once_get_both_files_whole(client, vocabularies, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    files = {
        "first": [f"praksis,Πρώτη {n},First {n},legal,,el,,,1" for n in range(300)],
        "second": [f"praksis,Δεύτερη {n},Second {n},health,,en,,,1" for n in range(300)],
    }
    jobs = {}
    for name, rows in files.items():
        coordinator_client = Client()
        coordinator_client.force_login(make_coordinator(email=f"{name}@example.org"))
        coordinator_client.post(
            "/admin/members/service/import/",
            {
                "resource": "0",
                "format": "0",
                "import_file": SimpleUploadedFile(f"{name}.csv", _csv(*rows)),
            },
        )
        jobs[name] = (coordinator_client, ImportJob.objects.get(file_name=f"{name}.csv"))
    workers = [_worker(), _worker()]
    try:
        _wait(lambda: all(_state(job) == "checked" for _, job in jobs.values()))
        for coordinator_client, job in jobs.values():
            coordinator_client.post(f"/admin/members/service/import/{job.pk}/confirm/")
        _wait(lambda: all(_state(job) == "done" for _, job in jobs.values()))
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=30)
    assert Service.objects.filter(name_en__startswith="First").count() == 300
    assert Service.objects.filter(name_en__startswith="Second").count() == 300
    for name, (_, job) in jobs.items():
        job.refresh_from_db()
        assert job.rows_written == 300, name
