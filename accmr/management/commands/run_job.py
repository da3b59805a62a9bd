from django.core.management.base import BaseCommand, CommandError

from accmr.schedule import JOBS, run_job


class Command(BaseCommand):
    help = "Run a scheduled job now, by hand, recorded like a scheduled run (see --list)."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="The job's name.")
        parser.add_argument("--list", action="store_true", help="List the jobs and stop.")

    def handle(self, *args, name: str | None, list: bool, **options):
        if list or not name:
            for job_name, job in sorted(JOBS.items()):
                self.stdout.write(f"{job_name:24} {job.when:20} {job.description}")
            return
        if name not in JOBS:
            raise CommandError(f"No job named {name!r}; --list shows them.")
        record = run_job(name)
        if record.failing and record.last_failed_at == record.last_finished_at:
            raise CommandError(f"{name} failed: {record.last_error}")
        self.stdout.write(self.style.SUCCESS(f"{name}: {record.last_result or 'done'}"))
