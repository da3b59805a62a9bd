from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.hsds import files
from members.hsds.serialisers import LANGUAGES


class Command(BaseCommand):
    help = (
        "Write the public directory as open data (CSV tables, an HSDS data package and the "
        "API's NDJSON collections, in Greek and English) to MEDIA_ROOT/opendata/ and the "
        "cache; run it nightly."
    )

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            # No request to take the host from: the files' links would be relative.
            raise CommandError("Set SITE_URL (e.g. https://portal.accmr.gr): the files link to it.")
        for kind in files.PACKAGES:
            for language in LANGUAGES:
                content = files.export(kind, language)
                path = files.stored_path(kind, language)
                self.stdout.write(f"{path} ({len(content)} bytes)")
        for collection in files.BULK:
            for language in LANGUAGES:
                size = files.export_bulk(collection, language)
                path = files.bulk_path(collection, language)
                self.stdout.write(f"{path} ({size} bytes)")
        self.stdout.write(self.style.SUCCESS("Open data written."))
