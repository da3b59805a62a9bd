"""Time and memory of importing a large services file, as the admin does it.

Generates a CSV of N service rows (default 5,000) for 50 bench organisations, then measures:
reading and checking the file, the dry run (the admin's preview), the real import, and
re-importing the same file (every row unchanged). Peak memory is the process's maximum
resident size (getrusage) and, in a separate dry run, Python's own peak (tracemalloc).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accmr_bench .venv/bin/python \
        bench/import_bench.py --rows 5000

The database must be migrated; the bench's rows (slugs starting "bench-") are deleted at
the end unless --keep. Also available as `manage.py bench_import`.
"""

import argparse
import io
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accmr.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("ALLOWED_HOSTS", "localhost")


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _setup_vocabularies():
    from members.models import (
        Language,
        Organisation,
        OrganisationType,
        PopulationGroup,
        ServiceCategory,
    )

    org_type, _ = OrganisationType.objects.get_or_create(
        slug="bench-ngo", defaults={"name_el": "ΜΚΟ (δοκιμή)", "name_en": "NGO (bench)"}
    )
    categories = []
    for n in range(8):
        category, _ = ServiceCategory.objects.get_or_create(
            slug=f"bench-cat-{n}",
            defaults={"name_el": f"Κατηγορία {n}", "name_en": f"Category {n}"},
        )
        categories.append(category.slug)
    for slug in ("bench-el", "bench-en", "bench-ar", "bench-fa"):
        Language.objects.get_or_create(slug=slug, defaults={"name_el": slug, "name_en": slug})
    PopulationGroup.objects.get_or_create(
        slug="bench-refugees", defaults={"name_el": "Πρόσφυγες", "name_en": "Refugees"}
    )
    organisations = []
    for n in range(50):
        organisation, _ = Organisation.objects.get_or_create(
            slug=f"bench-org-{n}",
            defaults={
                "name_el": f"Οργάνωση δοκιμής {n}",
                "name_en": f"Bench organisation {n}",
                "type": org_type,
            },
        )
        organisations.append(organisation.slug)
    return organisations, categories


def make_csv(rows: int, organisations, categories) -> bytes:
    out = io.StringIO()
    out.write(
        "slug,organisation,name_el,name_en,category,status,description_el,description_en,"
        "languages,population_groups,access_walk_in,is_free,phone,email,last_checked\n"
    )
    for n in range(rows):
        out.write(
            f"bench-service-{n},{organisations[n % len(organisations)]},Υπηρεσία δοκιμής {n},"
            f"Bench service {n},{categories[n % len(categories)]},published,"
            f"Περιγραφή της υπηρεσίας {n} με αρκετό κείμενο για να μοιάζει αληθινή.,"
            f"Description of service {n} with enough text to look real.,"
            f'"bench-el, bench-{"ar" if n % 2 else "fa"}",bench-refugees,{n % 2},1,'
            f"210 {3000000 + n},service{n}@example.org,2025-01-15\n"
        )
    return out.getvalue().encode("utf-8")


def _import(data: bytes, *, dry_run: bool):
    from members.imports.files import check_columns, parse
    from members.imports.resources import ServiceResource

    dataset = parse(data, "csv")
    resource_ = ServiceResource()
    check_columns(dataset, resource_)
    return resource_.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
        file_name="bench.csv",
    )


def _python_peak_mb(data: bytes) -> float:
    """Python's own peak allocation (tracemalloc) during a dry run of `data`."""
    tracemalloc.start()
    _import(data, dry_run=True)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round(peak / 1024 / 1024, 1)


def run(rows: int = 5000, keep: bool = False, out=sys.stdout) -> dict:
    import django

    django.setup()
    from django.db import connection

    from members.imports.files import parse
    from members.models import Service

    organisations, categories = _setup_vocabularies()
    data = make_csv(rows, organisations, categories)
    report = {
        "rows": rows,
        "file_mb": round(len(data) / 1024 / 1024, 2),
        "database": connection.vendor,
        "load_average_1min": os.getloadavg()[0],  # other work on the machine slows wall time
    }

    started = time.perf_counter()
    parse(data, "csv")
    report["parse_s"] = round(time.perf_counter() - started, 2)
    report["dry_run_new_rows_python_peak_mb"] = _python_peak_mb(data)

    for phase, dry_run in (("dry_run", True), ("import", False), ("reimport", False)):
        started, cpu = time.perf_counter(), time.process_time()
        result = _import(data, dry_run=dry_run)
        report[f"{phase}_s"] = round(time.perf_counter() - started, 1)
        # CPU time of this process; on a busy machine wall time mostly measures waiting.
        report[f"{phase}_cpu_s"] = round(time.process_time() - cpu, 1)
        report[f"{phase}_totals"] = {k: v for k, v in result.totals.items() if v}
        report[f"{phase}_peak_rss_mb"] = round(_peak_rss_mb(), 1)
        if result.has_errors() or result.has_validation_errors():
            report[f"{phase}_errors"] = True

    report["dry_run_existing_rows_python_peak_mb"] = _python_peak_mb(data)

    report["services_created"] = Service.objects.filter(slug__startswith="bench-service-").count()
    if not keep:
        Service.objects.filter(slug__startswith="bench-service-").delete()
        Service.history.filter(slug__startswith="bench-service-").delete()
    for key, value in report.items():
        out.write(f"{key}: {value}\n")
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the imported bench services")
    args = parser.parse_args(argv)
    run(args.rows, args.keep)


if __name__ == "__main__":
    main()
