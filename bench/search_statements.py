"""Where a search's time goes, query by query (issue 18): the CPU of the request in this process
and each SQL statement it makes, with its wall time.

    DATABASE_URL=postgres://…/accmr_speed DEBUG=0 SECRET_KEY=… ALLOWED_HOSTS=127.0.0.1 \
        PAGE_CACHE=0 SEARCH_CACHE_SECONDS=0 .venv/bin/python bench/search_statements.py [QUERY …]

Without queries, those of bench/search_queries.txt. Each search page (Greek) is requested
through the Django test client three times to warm up (the numbers of matches are then
remembered, DATA_CACHE_SECONDS, as in bench/run's uncached pass), then RUNS times (default 15);
it prints the median CPU (`time.process_time()`) of a request, the median wall time of its
statements together and of each (PostgreSQL's CPU is not in the first figure: it runs on the
same cores). SHOW_SQL=1 prints each statement of the last request, with its parameters bound,
for EXPLAIN (ANALYZE, BUFFERS) in psql.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accmr.settings")

QUERIES = Path(__file__).resolve().parent / "search_queries.txt"


class Statements:
    """An execute wrapper keeping each statement (its parameters bound) and its wall time in
    ms."""

    def __init__(self, connection):
        self.connection = connection
        self.rows: list[tuple[str, float]] = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            ms = (time.perf_counter() - start) * 1000
            ops = self.connection.ops
            self.rows.append((ops.last_executed_query(context["cursor"], sql, params), ms))


def main(queries: list[str]) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    runs = int(os.environ.get("RUNS", 15))
    cpus_all, sqls_all = [], []
    for query in queries or [q for q in QUERIES.read_text().splitlines() if q.strip()]:
        path = "/el/search/?q=" + quote(query)
        for _ in range(3):
            client.get(path)
        cpus, logs = [], []
        for _ in range(runs):
            log = Statements(connection)
            with connection.execute_wrapper(log):
                start = time.process_time()
                client.get(path)
                cpus.append((time.process_time() - start) * 1000)
            logs.append(log.rows)
        count = min(len(rows) for rows in logs)
        each = [statistics.median(rows[n][1] for rows in logs) for n in range(count)]
        sql = statistics.median(sum(row[1] for row in rows) for rows in logs)
        cpu = statistics.median(cpus)
        cpus_all.append(cpu)
        sqls_all.append(sql)
        print(
            f"{query!r:30} CPU {cpu:5.1f} ms  SQL {sql:5.1f} ms in {count} statement(s): "
            + " ".join(f"{ms:.1f}" for ms in each)
        )
        if os.environ.get("SHOW_SQL"):
            for statement, _ in logs[-1]:
                print(f"    {statement};")
    if len(cpus_all) > 1:
        print(
            f"mean of {len(cpus_all)} queries: CPU {statistics.mean(cpus_all):.1f} ms,"
            f" SQL {statistics.mean(sqls_all):.1f} ms"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
