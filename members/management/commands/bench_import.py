from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Time and measure the memory of importing a large services CSV (see bench/)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--keep", action="store_true")

    def handle(self, *args, rows, keep, **options):
        # The bench itself is bench/import_bench.py; this is its entry point in manage.py.
        from bench.import_bench import run

        run(rows, keep, out=self.stdout)
