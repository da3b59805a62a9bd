"""The bulletin's scheduled jobs (see accmr.schedule); each runs its management command,
which is idempotent: closing calls twice closes nothing more, the digest goes once a month."""

import datetime as dt
import io

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from accmr.schedule import job


def _run(command: str) -> str:
    out = io.StringIO()
    call_command(command, stdout=out)
    return out.getvalue().strip()[-500:]


@job(
    "close_expired_calls",
    at=dt.time(0, 10),
    description=_(
        "Close open calls past their closing date and delete answers to calls closed more "
        "than six months ago."
    ),
)
def close_expired_calls() -> str:
    return _run("close_expired_calls")


@job(
    "send_digest",
    at=dt.time(8, 0),
    description=_("Send the monthly digest on the month's first working day (once a month)."),
)
def send_digest() -> str:
    return _run("send_digest")
