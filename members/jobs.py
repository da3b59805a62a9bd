"""The directory's scheduled jobs (see accmr.schedule); each is idempotent."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from accmr.schedule import job
from members import freshness


@job(
    "export_open_data",
    at=dt.time(2, 30),
    description=_("Write the open-data files (CSV, HSDS package, NDJSON) from today's directory."),
)
def export_open_data() -> str:
    out = io.StringIO()
    call_command("export_open_data", stdout=out)
    return f"{out.getvalue().count(chr(10)) - 1} files written"


@job(
    "freshness_reminders",
    at=dt.time(9, 0),
    description=_(
        "E-mail the editors of organisations not confirmed for six months "
        "(each organisation at most once every 30 days)."
    ),
)
def freshness_reminders() -> str:
    return f"{freshness.freshness_remind()} organisations reminded"
