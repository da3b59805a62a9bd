import importlib.util
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Time and measure the memory of importing a large services CSV (see bench/)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--keep", action="store_true")

    def handle(self, *args, rows, keep, **options):
        path = Path(settings.BASE_DIR) / "bench" / "import_bench.py"
        spec = importlib.util.spec_from_file_location("import_bench", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.run(rows, keep, out=self.stdout)
