"""Imports through the queue: the upload is stored as an ImportJob, a worker checks it (the dry
run) and, once the coordinator confirms, imports it; the admin shows the progress, then the
row-by-row report.

All or nothing: the real import runs in one transaction, with the job's "done" written in
that same transaction, so a worker that dies leaves the database as it was (PostgreSQL rolls
the transaction back) and the job is marked failed after IMPORT_STALE_SECONDS of silence, with
a "try again" button. Two imports never write at once: the real import holds a PostgreSQL
advisory lock (SQLite writes one transaction at a time anyway); a second one waits for it,
alive. Importing the same file twice changes nothing the second time (the resources skip
unchanged rows).
"""

import datetime as dt
import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.core.cache import caches
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django_tasks import task

from members.models import ImportJob

log = logging.getLogger("members.imports")

State, Phase = ImportJob.State, ImportJob.Phase
# Any number, the same in every process: the key of the advisory lock imports share.
IMPORT_LOCK = 4_150_015
HEARTBEAT_SECONDS = 0.5
HEARTBEAT_EVERY_SECONDS = 5


def _progress_key(job: ImportJob) -> str:
    return f"import-{job.key}"


def progress(job: ImportJob) -> dict[str, Any]:
    """The live counts of a job (the stored ones once it has finished)."""
    stored = {
        "read": job.rows_total,
        "checked": job.rows_checked,
        "written": job.rows_written,
        "waiting": False,
    }
    if job.state != State.RUNNING:
        return stored
    live = {"read": 0, "checked": 0, "written": 0, "waiting": False}
    return {**live, **(caches["progress"].get(_progress_key(job)) or {})}


def percent(job: ImportJob, counts: dict) -> int:
    if job.state in (State.CHECKED, State.INVALID, State.DONE):
        return 100
    return round(100 * counts["checked"] / counts["read"]) if counts["read"] else 0


class Progress:
    """Counts rows as the resource handles them and tells the web processes, at most twice a
    second (each write is also the worker's heartbeat)."""

    def __init__(self, job: ImportJob):
        self.job = job
        self.counts = {"read": 0, "checked": 0, "written": 0, "waiting": False}
        self.last = 0.0

    def update(self, force: bool = False, **counts) -> None:
        self.counts.update(counts)
        now = time.monotonic()
        if force or now - self.last >= HEARTBEAT_SECONDS:
            self.last = now
            caches["progress"].set(
                _progress_key(self.job),
                {**self.counts, "at": timezone.now().timestamp()},
                timeout=24 * 3600,
            )

    def row_done(self, row_result) -> None:
        written = self.counts["written"]
        if self.job.phase == Phase.IMPORT and row_result.import_type in ("new", "update"):
            written += 1
        self.update(checked=self.counts["checked"] + 1, written=written)


def last_sign_of_life(job: ImportJob) -> dt.datetime | None:
    beat = (caches["progress"].get(_progress_key(job)) or {}).get("at")
    moments = [job.started_at] + ([dt.datetime.fromtimestamp(beat, dt.UTC)] if beat else [])
    moments = [m for m in moments if m is not None]
    return max(moments) if moments else None


def fail_if_stale(job: ImportJob) -> ImportJob:
    """A running job whose worker has been silent too long is marked failed (and returned
    fresh). Its transaction died with the worker, so nothing of it was written."""
    if job.state != State.RUNNING:
        return job
    seen = last_sign_of_life(job)
    limit = dt.timedelta(seconds=settings.IMPORT_STALE_SECONDS)
    if seen is not None and timezone.now() - seen < limit:
        return job
    marked = ImportJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=State.FAILED,
        finished_at=timezone.now(),
        error=gettext(
            "The worker running this import stopped without finishing it. Nothing of it was "
            "saved. You can try again."
        ),
    )
    if marked:
        log.warning("import job %s marked failed: no sign of its worker", job.pk)
    job.refresh_from_db()
    return job


def start(
    *, model: type, resource: type, file_format: int, file_name: str, data: bytes, user
) -> ImportJob:
    """Store an uploaded file and queue its check (the dry run)."""
    job = ImportJob.objects.create(
        model=model._meta.label_lower,
        resource=f"{resource.__module__}.{resource.__qualname__}",
        file_format=file_format,
        file_name=file_name[:255],
        data=data,
        created_by=user,
    )
    enqueue(job, Phase.CHECK)
    return job


def enqueue(job: ImportJob, phase: str) -> None:
    """Queue a phase of the job (the check, the import, or either again after a failure)."""
    ImportJob.objects.filter(pk=job.pk).update(
        phase=phase,
        state=State.QUEUED,
        error="",
        started_at=None,
        finished_at=None,
        rows_checked=0,
        rows_written=0,
    )
    job.phase, job.state = phase, State.QUEUED
    caches["progress"].delete(_progress_key(job))
    run_import.enqueue(job.pk)


@task()
def run_import(job_id: int) -> str:
    """Run the queued phase of one import job; the outcome is recorded on the job."""
    claimed = ImportJob.objects.filter(pk=job_id, state=State.QUEUED).update(
        state=State.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "not queued"
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    tracker = Progress(job)
    # A heartbeat of its own, so a long step without rows (reading the file, loading the
    # existing records) never looks like a dead worker; it dies with the worker.
    stop = threading.Event()
    threading.Thread(target=_beat, args=(tracker, stop), daemon=True).start()
    try:
        return _run(job, tracker)
    except Exception as error:  # noqa: BLE001 - recorded on the job, shown with "try again"
        log.exception("import job %s failed", job.pk)
        ImportJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
            state=State.FAILED,
            finished_at=timezone.now(),
            error=gettext("The import stopped on an unexpected error ({error}).").format(
                error=type(error).__name__
            ),
        )
        return "failed"
    finally:
        stop.set()


def _beat(tracker: "Progress", stop: threading.Event) -> None:
    while not stop.wait(HEARTBEAT_EVERY_SECONDS):
        tracker.update(force=True)


def _run(job: ImportJob, tracker: "Progress") -> str:
    from members.admin.import_export import build_preview

    model = _model(job)
    model_admin = admin.site._registry[model]
    file_format = model_admin.get_import_formats()[job.file_format]()
    if not file_format.is_binary():
        file_format.encoding = model_admin.from_encoding
    dataset = file_format.create_dataset(bytes(job.data))
    tracker.update(force=True, read=len(dataset))

    resource = import_string(job.resource)()
    handled = resource.after_import_row

    def after_import_row(row, row_result, **kwargs):
        handled(row, row_result, **kwargs)
        tracker.row_done(row_result)

    resource.after_import_row = after_import_row
    options = {
        "raise_errors": False,
        "rollback_on_validation_errors": True,
        "file_name": job.file_name,
        "user": job.created_by,
    }

    if job.phase == Phase.CHECK:
        result = resource.import_data(dataset, dry_run=True, **options)
        failed = result.has_errors() or result.has_validation_errors()
        _finish(job, tracker, build_preview(result), State.INVALID if failed else State.CHECKED)
        return "checked"

    with transaction.atomic():
        _wait_for_other_imports(tracker)
        result = resource.import_data(
            dataset, dry_run=False, retain_instance_in_row_result=True, **options
        )
        failed = result.has_errors() or result.has_validation_errors()
        if failed:
            # import-export rolled its own work back; nothing more may run in this block.
            transaction.set_rollback(True)
        else:
            rows: dict[str, list] = {}
            for row in result:
                rows.setdefault(row.import_type, []).append(row.instance)
            model_admin._create_log_entries(job.created_by.pk, rows)
            # "done" is written in the import's own transaction: a job already marked failed
            # (its worker thought dead) raises here, and its rows are rolled back with it.
            locked = ImportJob.objects.select_for_update().get(pk=job.pk)
            if locked.state != State.RUNNING:
                raise RuntimeError("the job was marked failed while it ran")
            _finish(job, tracker, build_preview(result), State.DONE)
    if failed:
        _finish(job, tracker, build_preview(result), State.FAILED)
        return State.FAILED
    return State.DONE


def _finish(job: ImportJob, tracker: Progress, report: dict, state: str) -> None:
    """Record how the phase ended; the live counts become the stored ones."""
    counts = tracker.counts
    job.state, job.report, job.finished_at = state, report, timezone.now()
    job.rows_total, job.rows_checked = counts["read"], counts["checked"]
    job.rows_written = counts["written"] if state == State.DONE else 0
    if state == State.FAILED:
        job.error = gettext("Nothing was imported: the file has errors now. See the report.")
    # Only a running job is finished: one marked failed meanwhile (its worker thought dead)
    # stays failed, and "try again" runs it afresh.
    ImportJob.objects.filter(pk=job.pk, state=State.RUNNING).update(
        state=job.state,
        report=job.report,
        finished_at=job.finished_at,
        rows_total=job.rows_total,
        rows_checked=job.rows_checked,
        rows_written=job.rows_written,
        error=job.error,
    )
    # The heartbeat goes once the result is written and committed, not before: saving a
    # 10,000-row report, and committing the import's transaction, take seconds, and a job still
    # "running" without a heartbeat looks dead to the web (fail_if_stale), which marked a live
    # job failed on the staged site (bench/RESULTS.md).
    key = _progress_key(job)
    transaction.on_commit(lambda: caches["progress"].delete(key), robust=True)


def _wait_for_other_imports(tracker: Progress) -> None:
    """Take the import lock (PostgreSQL), staying alive (heartbeat) while another import
    holds it; released when the transaction ends, however it ends."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK])
            if cursor.fetchone()[0]:
                tracker.update(force=True, waiting=False)
                return
            tracker.update(force=True, waiting=True)
            time.sleep(1)


def _model(job: ImportJob) -> type:
    from django.apps import apps

    return apps.get_model(job.model)
