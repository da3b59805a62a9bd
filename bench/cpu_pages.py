"""CPU per request of each page kind, in this process (issue 18): less disturbed by other work
on the machine than wall time, and without gunicorn, wrk or PostgreSQL's own CPU.

    DATABASE_URL=postgres://…/accmr_speed DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=127.0.0.1 \
        PAGE_CACHE=0 SEARCH_CACHE_SECONDS=0 .venv/bin/python bench/cpu_pages.py [PATH …]

Each path is requested through the Django test client five times to warm up, then thirty
times; it prints the status and the minimum and median of `time.process_time()` around each
request. Remembered values stay (DATA_CACHE_SECONDS), as in bench/run's uncached pass.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accmr.settings")

DEFAULT_PATHS = [
    "/el/",
    "/el/organisations/",
    "/el/services/",
    "/el/services/?category=legal",
    "/el/services/?page=2000",
    "/el/search/?q=%CE%BD%CE%BF%CE%BC%CE%B9%CE%BA%CE%AE",
    "/el/network/",
    "/el/network/compare/",
    "/api/hsds/services",
    "/healthz",
]
RUNS = 30


def main(paths: list[str]) -> None:
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for path in paths or DEFAULT_PATHS:
        for _ in range(5):
            client.get(path)
        times = []
        for _ in range(RUNS):
            start = time.process_time()
            response = client.get(path)
            times.append(time.process_time() - start)
        times.sort()
        print(
            f"{path:60} {response.status_code}  CPU min {times[0] * 1000:6.1f} ms"
            f"  median {times[RUNS // 2] * 1000:6.1f} ms"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
