"""An import end to end through the queue, as a coordinator does it, with a real worker.

Uploads a CSV of N service rows (default 10,000) to the admin, lets a `db_worker` process
check it, confirms, lets the worker import it, and follows the progress page meanwhile (one
request a second, like the page's script). Reports the time of each phase, the requests (the
upload, the progress polls, the confirmation, the report pages: how many, median, maximum, how
many took over a second), and the worker's peak memory (VmHWM, its peak resident size). The
database must be PostgreSQL and migrated; the bench rows ("bench-" slugs) are deleted at the end.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accmr_bench .venv/bin/python \
        bench/queue_import_bench.py --rows 10000
"""

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {
    "DJANGO_SETTINGS_MODULE": "accmr.settings",
    "SECRET_KEY": "bench-only-secret-key",
    "ALLOWED_HOSTS": "testserver,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "OTP_REQUIRED_FOR_STAFF": "0",
    "TASKS_BACKEND": "database",
    "DEBUG": "0",
}
for key, value in ENV.items():
    os.environ.setdefault(key, value)


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def run(rows: int) -> dict:
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client

    from accmr.models import User
    from bench.import_bench import _setup_vocabularies, make_csv
    from members.models import ImportJob, Service

    assert connection.vendor == "postgresql", "the bench needs PostgreSQL (DATABASE_URL)"
    organisations, categories = _setup_vocabularies()
    data = make_csv(rows, organisations, categories)
    user, _ = User.objects.get_or_create(
        email="bench-coordinator@example.org", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    timings: dict[str, list[float]] = {}

    def timed(name, call):
        started = time.perf_counter()
        response = call()
        timings.setdefault(name, []).append(time.perf_counter() - started)
        assert response.status_code in (200, 302), (name, response.status_code)
        return response

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    report = {"rows": rows, "file_mb": round(len(data) / 1024 / 1024, 2)}
    try:
        report["load_average_1min"] = os.getloadavg()[0]
        started = time.perf_counter()
        upload = timed(
            "upload",
            lambda: client.post(
                "/admin/members/service/import/",
                {
                    "resource": "0",
                    "format": "0",
                    "import_file": SimpleUploadedFile("bench.csv", data),
                },
            ),
        )
        job_url = upload["Location"]
        job = ImportJob.objects.latest("pk")

        def follow(until: str) -> None:
            while True:
                timed("progress.json", lambda: client.get(job_url + "progress.json"))
                job.refresh_from_db(fields=["state"])
                if job.state == until:
                    return
                assert job.state in ("queued", "running"), job.state
                time.sleep(1)

        follow("checked")
        report["check_s"] = round(time.perf_counter() - started, 1)
        timed("report page (preview)", lambda: client.get(job_url))
        started = time.perf_counter()
        timed("confirm", lambda: client.post(job_url + "confirm/"))
        follow("done")
        report["import_s"] = round(time.perf_counter() - started, 1)
        timed("report page (import)", lambda: client.get(job_url))
        report["worker_peak_rss_mb"] = _peak_rss_mb(worker.pid)
        report["services_created"] = Service.objects.filter(
            slug__startswith="bench-service-"
        ).count()
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        Service.objects.filter(slug__startswith="bench-service-").delete()
        Service.history.filter(slug__startswith="bench-service-").delete()
        ImportJob.objects.filter(created_by=user).delete()
    report["load_average_1min_after"] = os.getloadavg()[0]
    report["requests_s"] = {
        name: {
            "count": len(times),
            "median": round(statistics.median(times), 3),
            "max": round(max(times), 3),
            "over_1s": sum(t > 1 for t in times),
        }
        for name, times in timings.items()
    }
    for key, value in report.items():
        print(f"{key}: {value}")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10000)
    run(parser.parse_args(argv).rows)


if __name__ == "__main__":
    main()
