from django.core.management.base import BaseCommand, CommandError

from members import freshness


class Command(BaseCommand):
    help = (
        "E-mail the editors of published organisations whose record was not confirmed for six "
        "months, at most once every --every-days days per organisation. Meant for a daily cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every-days",
            type=int,
            default=freshness.REMINDER_EVERY_DAYS,
            help="Remind an organisation at most once in this many days (default: %(default)s).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Count who would be reminded; send nothing."
        )

    def handle(self, *args, every_days: int, dry_run: bool, **options):
        if every_days < 1:
            raise CommandError("--every-days must be 1 or more")
        count = freshness.freshness_remind(every_days=every_days, dry_run=dry_run)
        verb = "would be reminded" if dry_run else "reminded"
        self.stdout.write(f"{count} organisation(s) {verb}.")
