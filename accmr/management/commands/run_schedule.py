import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from accmr.schedule import JOBS, queue_due_jobs


class Command(BaseCommand):
    help = (
        "Queue the scheduled jobs (accmr.schedule) when they are due, for the workers to run: "
        "the portal's cron. Run one (more do no harm); stop it with Ctrl-C or SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Seconds between two looks at the schedule (default: %(default)s).",
        )
        parser.add_argument(
            "--once", action="store_true", help="Look once, queue what is due, and stop."
        )

    def handle(self, *args, interval: float, once: bool, **options):
        self.running = True

        def stop(signum, frame):
            self.running = False

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
            names = ", ".join(f"{name} ({job.when})" for name, job in sorted(JOBS.items()))
            self.stdout.write(f"Schedule: {names}")
        while self.running:
            close_old_connections()
            for name in queue_due_jobs():
                self.stdout.write(f"Queued {name}")
            if once:
                break
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(min(1.0, interval))
                slept += 1.0
