"""The directory in figures at scale: the first computation of every figure (cache empty),
in each language, with its query count; and the cached answer.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accmr_bench .venv/bin/python \
        bench/figures.py --scale 10000

The database must be migrated; `--scale N` first runs `seed_demo --scale N` (N synthetic
organisations with about five services each: 10,000 gives 50,000 services; idempotent).
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accmr.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=0, help="seed_demo --scale N first")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import translation

    from members.hsds.figures import all_figures
    from members.models import Service

    if args.scale:
        call_command("seed_demo", "--scale", str(args.scale), stdout=io.StringIO())
    print(f"published services: {Service.objects.published().count()}")
    with override_settings(PAGE_CACHE=True):
        for language in ("el", "en"):
            cache.clear()
            with translation.override(language), CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                figures = all_figures()
                first = time.perf_counter() - started
                started = time.perf_counter()
                all_figures()
                cached = time.perf_counter() - started
            rows = sum(len(figure.rows) for figure in figures)
            print(
                f"{language}: first computation {first * 1000:.0f} ms "
                f"({len(queries.captured_queries)} queries, {len(figures)} figures, {rows} rows); "
                f"from the cache {cached * 1000:.1f} ms"
            )


if __name__ == "__main__":
    main()
