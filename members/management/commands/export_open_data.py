from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.hsds import files


class Command(BaseCommand):
    help = (
        "Build the open-data files (CSV tables, an HSDS data package and the API's NDJSON "
        "collections, in Greek and English) for the current data, into MEDIA_ROOT/opendata/ "
        "(or the bucket). Nothing is done when they are up to date. Run it after each deploy "
        "and nightly; requests never build these files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="build even if the files are up to date"
        )

    def handle(self, *args, **options):
        if not settings.SITE_URL:
            # No request to take the host from: the files' links would be relative.
            raise CommandError("Set SITE_URL (e.g. https://portal.accmr.gr): the files link to it.")
        manifest = files.build_open_data(force=options["force"])
        if manifest is None:
            raise CommandError("Another process is building these files right now.")
        for name, meta in sorted(manifest["files"].items()):
            self.stdout.write(f"{files.FOLDER}/{manifest['tag']}/{name} ({meta['size']} bytes)")
        self.stdout.write(self.style.SUCCESS("Open data written."))
