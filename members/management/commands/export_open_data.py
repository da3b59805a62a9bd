from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from members import api, opendata


class Command(BaseCommand):
    help = (
        "Write the public directory as open data (CSV tables and an HSDS data package, in "
        "Greek and English) to MEDIA_ROOT/opendata/, for a nightly job."
    )

    def handle(self, *args, **options):
        for kind, pattern in opendata.PACKAGES.items():
            for language in api.LANGUAGES:
                path = f"opendata/{pattern.format(lang=language)}"
                content = opendata.build(kind, language)
                if default_storage.exists(path):
                    default_storage.delete(path)
                default_storage.save(path, ContentFile(content))
                self.stdout.write(f"{path} ({len(content)} bytes)")
        self.stdout.write(self.style.SUCCESS("Open data written."))
