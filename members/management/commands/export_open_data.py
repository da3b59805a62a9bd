from django.core.management.base import BaseCommand

from members import api, opendata


class Command(BaseCommand):
    help = (
        "Write the public directory as open data (CSV tables and an HSDS data package, in "
        "Greek and English) to MEDIA_ROOT/opendata/ and the cache; run it nightly."
    )

    def handle(self, *args, **options):
        for kind in opendata.PACKAGES:
            for language in api.LANGUAGES:
                content = opendata.export(kind, language)
                path = opendata.stored_path(kind, language)
                self.stdout.write(f"{path} ({len(content)} bytes)")
        self.stdout.write(self.style.SUCCESS("Open data written."))
