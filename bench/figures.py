"""The directory in figures at scale: the first computation of every figure (cache empty),
in each language, as the queue's worker runs it, with its query count; the page's answer
while it is not computed (the request only queues it) and from the cache.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accmr_bench .venv/bin/python \
        bench/figures.py --scale 10000

The database must be migrated; `--scale N` first runs `seed_demo --scale N` (N synthetic
organisations with about five services each: 10,000 gives 50,000 services; idempotent).
"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> None:
    from bench.script import scale_parser, start

    args = scale_parser(__doc__).parse_args()
    client = start(args.scale)
    from django.core.cache import cache, caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.utils import translation

    from accmr.cache import content_version
    from members.hsds.figures import all_figures, compute_figures

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
