"""The directory in figures at scale: the first computation of every figure (cache empty),
in each language, as the queue's worker runs it, with its query count; the page's answer
while it is not computed (the request only queues it) and from the cache.

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
os.environ.setdefault("ALLOWED_HOSTS", "localhost,testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=0, help="seed_demo --scale N first")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.cache import cache, caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import translation

    from accmr.cache import content_version
    from members.hsds.figures import all_figures, compute_figures
    from members.models import Service

    if args.scale:
        call_command("seed_demo", "--scale", str(args.scale), stdout=io.StringIO())
    print(f"published services: {Service.objects.published().count()}")
    client = Client()

    def request(language: str) -> str:
        started = time.perf_counter()
        response = client.get(f"/{language}/data/figures/")
        return f"{response.status_code} in {(time.perf_counter() - started) * 1000:.0f} ms"

    # The database backend: a request queues the computation and does not wait for it.
    backend = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_settings(PAGE_CACHE=True, TASKS=backend):
        for language in ("el", "en"):
            cache.clear()
            caches["progress"].clear()
            print(f"{language}: a request before any computation: {request(language)}")
            version = content_version()
            with translation.override(language), CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                compute_figures.call(language, version)  # what the worker runs
                first = time.perf_counter() - started
            with translation.override(language):
                started = time.perf_counter()
                figures, current = all_figures()
                cached = time.perf_counter() - started
            assert current
            rows = sum(len(figure.rows) for figure in figures)
            print(
                f"{language}: first computation (in the worker) {first * 1000:.0f} ms "
                f"({len(queries.captured_queries)} queries, {len(figures)} figures, {rows} rows); "
                f"from the cache {cached * 1000:.1f} ms; the page then: {request(language)}"
            )


if __name__ == "__main__":
    main()
