"""Where an uncached page's time goes: cProfile and the SQL of each page kind (issue 18).

    DATABASE_URL=postgres://… .venv/bin/python bench/profile_pages.py [--explain] [PATH …]

Each path is requested through the Django test client with the page cache off and every
cache emptied, a few times (the first warms imports and translations); it prints the time
per request, the queries with their time, the share of time in SQL, and the functions
that cost most (cumulative). With --explain, EXPLAIN ANALYZE of each query as well.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accmr.settings")
os.environ["PAGE_CACHE"] = os.environ.get("PAGE_CACHE", "0")
os.environ["SEARCH_CACHE_SECONDS"] = "0"

DEFAULT_PATHS = [
    "/el/organisations/",
    "/el/services/",
    "/el/services/?page=2000",
    "/el/services/?category=legal",
    "/el/services/?category=legal&page=400",
    "/el/search/?q=%CE%BD%CE%BF%CE%BC%CE%B9%CE%BA%CE%AE",
    "/el/network/",
    "/el/network/compare/",
    "/api/hsds/services",
]


def main(argv: list[str]) -> None:
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    explain = "--explain" in argv
    keep_cache = "--keep-cache" in argv
    paths = [a for a in argv if not a.startswith("--")] or DEFAULT_PATHS
    client = Client(HTTP_HOST="127.0.0.1")
    for path in paths:
        client.get(path)
        runs = []
        for _ in range(5):
            if not keep_cache:
                cache.clear()
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                response = client.get(path)
                runs.append(time.perf_counter() - start)
            captured = list(queries.captured_queries)  # the next request resets the log
        sql = sum(float(q["time"]) for q in captured)
        if not keep_cache:
            cache.clear()
        profiler = cProfile.Profile()
        profiler.enable()
        client.get(path)
        profiler.disable()
        best = min(runs) * 1000
        print(
            f"\n=== {path}: HTTP {response.status_code}, best of 5 {best:.1f} ms, "
            f"median {sorted(runs)[2] * 1000:.1f} ms, {len(captured)} queries "
            f"{sql * 1000:.1f} ms SQL, {len(response.content) / 1024:.1f} KB"
        )
        for query in captured:
            print(f"  {float(query['time']) * 1000:6.1f} ms  {query['sql'][:160]}")
            if explain and query["sql"].lstrip().upper().startswith("SELECT"):
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                    for (line,) in cursor.fetchall():
                        print("           " + line)
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(28)
        print("\n".join(out.getvalue().splitlines()[6:40]))


if __name__ == "__main__":
    main(sys.argv[1:])
