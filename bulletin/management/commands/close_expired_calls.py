from django.core.management.base import BaseCommand

from bulletin.workflows import answers_delete_expired, calls_close_expired


class Command(BaseCommand):
    help = (
        "Daily: record as closed the open calls whose closing date has passed, and delete the "
        "answers to calls closed more than six months ago (as the privacy notice says)."
    )

    def handle(self, *args, **options):
        closed = calls_close_expired()
        deleted = answers_delete_expired()
        self.stdout.write(f"Calls closed: {closed}; answers deleted: {deleted}")
