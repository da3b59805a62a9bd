import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from bulletin.digest import digest_send


class Command(BaseCommand):
    help = (
        "Send the monthly digest to member editors who have not had this month's yet. Run it "
        "daily from a scheduler: it sends on the month's first working day (or later, to "
        "those it missed), never twice to anyone in a month."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument(
            "--force", action="store_true", help="Send even before the first working day."
        )

    def handle(self, *args, date: str | None = None, force: bool = False, **options):
        try:
            today = dt.date.fromisoformat(date) if date else None
        except ValueError:
            raise CommandError("--date must be YYYY-MM-DD") from None
        sent = digest_send(today=today, force=force)
        self.stdout.write(f"Digests sent: {sent}")
