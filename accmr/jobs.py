"""The site's scheduled jobs (see accmr.schedule); each is idempotent."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from accmr.schedule import job

LOGIN_RECORDS_DAYS = 90
TASK_RESULTS_DAYS = 14


def _command(name: str, *args: str) -> str:
    """Run a management command; its last line of output is the job's result."""
    out = io.StringIO()
    call_command(name, *args, stdout=out)
    lines = out.getvalue().strip().splitlines()
    return lines[-1] if lines else ""


@job("clear_sessions", at=dt.time(4, 0), description=_("Delete expired sessions."))
def clear_sessions() -> str:
    return _command("clearsessions") or "done"


@job(
    "trim_login_records",
    at=dt.time(4, 10),
    description=_("Delete the records of log-ins and failed log-ins older than 90 days."),
)
def trim_login_records() -> str:
    age = str(LOGIN_RECORDS_DAYS)
    logs = _command("axes_reset_logs", "--age", age)
    failures = _command("axes_reset_failure_logs", "--age", age)
    return f"{logs} / {failures}"


@job(
    "prune_task_results",
    at=dt.time(4, 20),
    description=_("Delete the queue's records of tasks finished more than 14 days ago."),
)
def prune_task_results() -> str:
    if not isinstance(task_backends["default"], DatabaseBackend):
        return "no database queue"
    return _command("prune_db_task_results", "--min-age-days", str(TASK_RESULTS_DAYS))
