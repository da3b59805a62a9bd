"""Imports as queued jobs: the page answers at once, the progress page follows the job, a job
whose worker died is shown as failed and can be tried again, and only its uploader sees it."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from members.imports import jobs as imports
from members.models import ImportJob, Service
from tests.backoffice.test_import_export import GOOD_ROWS, _csv
from tests.backoffice.test_import_export import vocabularies as vocabularies  # noqa: F401
from tests.factories import make_coordinator, make_editor, make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(coordinator, client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages are checked in English here
    return coordinator


def _post_file(client, data=None):
    return client.post(
        "/admin/members/service/import/",
        {
            "resource": "0",
            "format": "0",
            "import_file": SimpleUploadedFile("services.csv", data or _csv(*GOOD_ROWS)),
        },
    )


def test_the_upload_answers_at_once_and_the_job_waits_for_a_worker(
    client, coordinator, vocabularies, settings
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    response = _post_file(client)
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/admin/members/service/import/{job.pk}/"
    assert job.state == "queued" and job.created_by == coordinator

    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    # Without JavaScript the page refreshes itself; with it, our static script follows the job.
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in html
    assert "/static/js/import_progress.js" in html
    assert f'data-progress-url="/admin/members/service/import/{job.pk}/progress.json"' in html
    assert "Waiting for a worker to start." in html
    assert Service.objects.count() == 0


def test_the_progress_page_shows_the_live_counts(client, coordinator, vocabularies, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _post_file(client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(state="running", started_at=timezone.now())
    imports.Progress(job).update(force=True, read=3, checked=2, written=0)

    data = client.get(f"/admin/members/service/import/{job.pk}/progress.json").json()
    assert data == {
        "state": "running",
        "label": "running",
        "active": True,
        "percent": 67,
        "read": 3,
        "checked": 2,
        "written": 0,
        "waiting": False,
    }
    html = client.get(f"/admin/members/service/import/{job.pk}/").content.decode()
    assert '<progress id="import-progress" max="100" value="67">' in html


def test_a_job_whose_worker_died_is_failed_and_can_be_tried_again(
    client, coordinator, vocabularies, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_STALE_SECONDS = 60
    with django_capture_on_commit_callbacks(execute=True):  # the check's end is committed
        _post_file(client)
    job = ImportJob.objects.get()
    assert job.state == "checked"
    # The worker claimed the import, then died: no sign of life for two minutes.
    ImportJob.objects.filter(pk=job.pk).update(
        phase="import", state="running", started_at=timezone.now() - dt.timedelta(minutes=2)
    )

    page = client.get(f"/admin/members/service/import/{job.pk}/").content.decode()
    job.refresh_from_db()
    assert job.state == "failed"
    assert "stopped without finishing it. Nothing of it was saved." in page
    assert f'action="/admin/members/service/import/{job.pk}/retry/"' in page
    assert Service.objects.count() == 0

    response = client.post(f"/admin/members/service/import/{job.pk}/retry/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.phase, job.state, job.rows_written) == ("import", "done", 3)
    assert Service.objects.count() == 3


def test_a_running_job_with_a_recent_heartbeat_is_left_running(
    client, coordinator, vocabularies, settings
):
    settings.IMPORT_STALE_SECONDS = 60
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _post_file(client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        state="running", started_at=timezone.now() - dt.timedelta(minutes=10)
    )
    imports.Progress(job).update(force=True, read=3, checked=1)
    client.get(f"/admin/members/service/import/{job.pk}/")
    job.refresh_from_db()
    assert job.state == "running"


def test_only_a_checked_file_can_be_confirmed(client, coordinator, vocabularies):
    bad = _csv(GOOD_ROWS[0].replace("legal", "nonsense"))
    _post_file(client, bad)
    job = ImportJob.objects.get()
    assert job.state == "invalid"
    response = client.post(f"/admin/members/service/import/{job.pk}/confirm/", follow=True)
    assert "This file is not ready to be imported." in response.content.decode()
    assert Service.objects.count() == 0
    # import-export's own synchronous confirmation is gone.
    assert client.post("/admin/members/service/process_import/").status_code == 404


@pytest.mark.parametrize("suffix", ["", "progress.json", "confirm/", "retry/"])
def test_nobody_else_reaches_an_import_job(client, vocabularies, suffix):
    owner = make_coordinator(email="owner@example.org")
    client.force_login(owner)
    _post_file(client)
    job = ImportJob.objects.get()
    url = f"/admin/members/service/import/{job.pk}/{suffix}"
    post = suffix in ("confirm/", "retry/")

    def answer():
        return client.post(url) if post else client.get(url)

    client.logout()
    assert answer()["Location"].startswith("/admin/login/")  # anonymous
    client.force_login(make_editor(make_organisation()))  # a member editor
    assert answer()["Location"].startswith("/admin/login/")
    client.force_login(make_user(is_staff=True))  # staff without the directory's permissions
    assert answer().status_code == 403
    client.force_login(make_coordinator(email="other@example.org"))  # another coordinator
    assert answer().status_code == 404
    # Nor through another model's import pages.
    client.force_login(owner)
    assert client.get(f"/admin/members/organisation/import/{job.pk}/").status_code == 404
    job.refresh_from_db()
    assert job.state == "checked" and Service.objects.count() == 0


def test_the_heartbeat_lasts_until_the_imports_transaction_commits(
    client, coordinator, vocabularies, settings, django_capture_on_commit_callbacks
):
    """The import's commit can take seconds at 10,000 rows: a job still "running" (the
    result not committed) must not look dead meanwhile, or the progress page marks it failed
    and waits on its row lock (bench/RESULTS.md)."""
    settings.IMPORT_STALE_SECONDS = 60
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _post_file(client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        phase="import", state="running", started_at=timezone.now() - dt.timedelta(minutes=10)
    )
    job.refresh_from_db()
    tracker = imports.Progress(job)
    tracker.update(force=True, read=3, checked=3, written=3)
    with django_capture_on_commit_callbacks(execute=True):
        imports._finish(job, tracker, {}, "done")
        # Not committed yet: what the web sees is still a running job, with its heartbeat.
        assert imports.last_sign_of_life(job) > timezone.now() - dt.timedelta(seconds=60)
    assert imports.last_sign_of_life(job) == job.started_at  # committed: the heartbeat is gone
    job.refresh_from_db()
    assert job.state == "done"


@pytest.mark.django_db(transaction=True)  # autocommit, as in the worker: on_commit runs at once
def test_the_heartbeat_lasts_until_the_result_is_written(
    client, coordinator, vocabularies, settings
):
    """Saving a 10,000-row report takes seconds: the heartbeat must still be there while the
    result is written, or the progress page marks a live job failed (it did, on the staged
    site)."""
    from django.core.cache import caches
    from django.db import connection

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _post_file(client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        state="running", started_at=timezone.now() - dt.timedelta(minutes=10)
    )
    job.refresh_from_db()
    tracker = imports.Progress(job)
    tracker.update(force=True, read=3, checked=3)
    seen = []

    def watch(execute, sql, params, many, context):
        if sql.startswith('UPDATE "members_importjob"'):
            seen.append(caches["progress"].get(imports._progress_key(job)) is not None)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        imports._finish(job, tracker, {}, "checked")
    assert seen == [True]
    job.refresh_from_db()
    assert job.state == "checked"


def test_the_progress_poll_never_loads_the_file_or_the_report(
    client, coordinator, vocabularies, settings
):
    """Both are megabytes at 10,000 rows; the poll runs every second (2.6 s a poll on the
    staged site while it loaded the check's report)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _post_file(client)
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(
        phase="import", state="running", started_at=timezone.now(), report={"rows": ["x"] * 9}
    )
    imports.Progress(job).update(force=True, read=3, checked=1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/members/service/import/{job.pk}/progress.json")
    assert response.status_code == 200
    job_queries = [q["sql"] for q in queries.captured_queries if "members_importjob" in q["sql"]]
    assert job_queries
    assert not any('"report"' in sql or '"data"' in sql for sql in job_queries), job_queries
