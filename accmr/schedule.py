"""Jobs that run on a schedule, without cron lines: one `manage.py run_schedule` process.

An app registers its jobs in its ``jobs.py`` (found at start-up, like ``admin.py``)::

    from accmr.schedule import job

    @job("close_expired_calls", every=dt.timedelta(hours=1), description=_("..."))
    def close_expired_calls() -> str:
        ...                         # idempotent: running it twice does no harm
        return "3 calls closed"     # a short result, shown on the dashboard

``run_schedule`` wakes every half minute and queues each job that is due as a task; a worker
runs it and records the start, the end, the result or the error in a ScheduledJob row (the
dashboard shows them). Several schedulers may run: a job's next run is claimed with one
conditional UPDATE, so only one of them queues it. ``manage.py run_job NAME`` runs a job by
hand, at once, recorded the same way.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from django_tasks import task

from accmr.models import ScheduledJob

log = logging.getLogger("accmr.schedule")


@dataclass(frozen=True)
class Job:
    name: str
    func: Callable[[], str | None]
    description: str
    at: dt.time | None = None  # daily at this local time
    every: dt.timedelta | None = None  # or at this interval

    def next_run(self, after: dt.datetime) -> dt.datetime:
        """The first moment this job is due strictly after `after`."""
        if self.every is not None:
            return after + self.every
        local = timezone.localtime(after)
        candidate = timezone.make_aware(dt.datetime.combine(local.date(), self.at))
        if candidate <= after:
            candidate = timezone.make_aware(
                dt.datetime.combine(local.date() + dt.timedelta(days=1), self.at)
            )
        return candidate

    @property
    def when(self) -> str:
        """The schedule in words, for the dashboard and the README."""
        if self.every is not None:
            return f"every {self.every}"
        return f"daily at {self.at:%H:%M}"


JOBS: dict[str, Job] = {}


def job(
    name: str, *, description: str, at: dt.time | None = None, every: dt.timedelta | None = None
) -> Callable:
    """Register `func` as the scheduled job `name`, daily `at` a local time or `every` so often."""
    if (at is None) == (every is None):
        raise ValueError("Give a job either `at` or `every`.")

    def register(func: Callable[[], str | None]) -> Callable[[], str | None]:
        JOBS[name] = Job(name=name, func=func, description=description, at=at, every=every)
        return func

    return register


def run_job(name: str) -> ScheduledJob:
    """Run one job now and record how it went; its error is recorded, not raised."""
    job_ = JOBS[name]
    record, _created = ScheduledJob.objects.get_or_create(name=name)
    record.last_started_at = timezone.now()
    record.save(update_fields=["last_started_at"])
    try:
        result = job_.func()
    except Exception as error:  # noqa: BLE001 - recorded and shown on the dashboard
        log.exception("scheduled job %s failed", name)
        record.last_failed_at = record.last_finished_at = timezone.now()
        record.last_error = f"{type(error).__name__}: {error}"[:2000]
        record.save(update_fields=["last_failed_at", "last_finished_at", "last_error"])
    else:
        record.last_succeeded_at = record.last_finished_at = timezone.now()
        record.last_result = str(result or "")[:200]
        record.save(update_fields=["last_succeeded_at", "last_finished_at", "last_result"])
        log.info("scheduled job %s done", name)
    return record


@task()
def run_scheduled_job(name: str) -> None:
    run_job(name)


def queue_due_jobs(now: dt.datetime | None = None) -> list[str]:
    """Queue every job whose time has come; returns their names.

    A job seen for the first time is planned for its next slot, not run at once (a fresh
    install does not export at noon). Claiming is one conditional UPDATE on next_run_at, so
    two schedulers never queue the same run twice.
    """
    now = now or timezone.now()
    queued = []
    for name, job_ in sorted(JOBS.items()):
        record, created = ScheduledJob.objects.get_or_create(
            name=name, defaults={"next_run_at": job_.next_run(now)}
        )
        if created or record.next_run_at is None:
            if record.next_run_at is None:
                ScheduledJob.objects.filter(pk=record.pk, next_run_at__isnull=True).update(
                    next_run_at=job_.next_run(now)
                )
            continue
        if record.next_run_at > now:
            continue
        claimed = ScheduledJob.objects.filter(pk=record.pk, next_run_at=record.next_run_at).update(
            next_run_at=job_.next_run(now)
        )
        if claimed:
            run_scheduled_job.enqueue(name)
            queued.append(name)
    return queued
