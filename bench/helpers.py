"""Helpers for bench/run (run with the project's virtualenv from the project root).

    python bench/helpers.py counts             what the database holds, in one line
    python bench/helpers.py urls               the URL of each page kind, one "kind<TAB>path" a line
    python bench/helpers.py measure BASE URLS  queries per page, HTML and first-visit bytes (JSON)
    python bench/helpers.py report OUTDIR      the Markdown report from the files in OUTDIR

Everything talks to 127.0.0.1 only. The data itself comes from `manage.py seed_demo --scale N`.
"""

import gzip
import json
import os
import re
import sys
import urllib.parse
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accmr.settings")


def _django():
    import django

    django.setup()


# ----------------------------------------------------------------------------- urls


SEARCH_QUERIES = Path(__file__).resolve().parent / "search_queries.txt"


def urls(out: str = "") -> None:
    """The path of each page kind on the seeded data (Greek pages), a line each.

    With `out`, it also writes `out`/search-paths.txt: one search page per query of
    bench/search_queries.txt, for the run that sends every request to a different search
    (third column of its line: the file wrk takes the paths from).
    """
    _django()
    from members.models import Organisation, Service, ServiceCategory
    from network.models import Municipality

    def middle(queryset):
        count = queryset.count()
        return queryset.order_by("pk")[count // 2] if count else None

    organisation = middle(Organisation.objects.published())
    service = middle(Service.objects.published())
    category = (
        ServiceCategory.objects.filter(parent__isnull=True, services__isnull=False)
        .order_by("pk")
        .first()
    )
    municipality = middle(Municipality.objects.published())
    services_filter = os.environ.get("SERVICES_FILTER") or (
        f"category={category.slug}" if category else "category=none"
    )
    rows = [
        ("healthz", "/healthz"),
        ("home", "/el/"),
        ("organisations list", "/el/organisations/"),
        ("services list, filtered", f"/el/services/?{services_filter}"),
        ("services list", "/el/services/"),
        ("services list, page 2000", "/el/services/?page=2000"),
        ("organisation page", organisation.get_absolute_url() if organisation else "/el/"),
        ("service page", service.get_absolute_url() if service else "/el/"),
        ("search", "/el/search/?q=" + urllib.request.quote(os.environ.get("SEARCH_Q", "νομική"))),
        ("network page", "/el/network/"),
        ("municipality page", municipality.get_absolute_url() if municipality else "/el/network/"),
        ("comparison view", "/el/network/compare/"),
        ("HSDS services", "/api/hsds/services"),
    ]
    for kind, path in rows:
        # get_absolute_url() reverses in the default language: Greek, like the rest.
        print(f"{kind}\t{path}")
    if out:
        queries = [q for q in SEARCH_QUERIES.read_text().splitlines() if q.strip()]
        paths = Path(out) / "search-paths.txt"
        paths.write_text("".join(f"/el/search/?q={urllib.parse.quote(q)}\n" for q in queries))
        first = paths.read_text().splitlines()[0]
        print(f"search, {len(queries)} queries in turn\t{first}\t{paths}")


def counts() -> None:
    """One line saying what the benchmark database holds."""
    _django()
    from members.models import Organisation, Service
    from network.models import GoodPractice, Municipality

    print(
        f"{Organisation.objects.published().count()} published organisations, "
        f"{Service.objects.published().count()} published services, "
        f"{Municipality.objects.published().count()} municipalities, "
        f"{GoodPractice.objects.published().count()} good practices"
    )


# ----------------------------------------------------------------------------- measure


class _Assets(HTMLParser):
    """Same-origin files a browser fetches on a first visit: stylesheets, scripts, images."""

    def __init__(self):
        super().__init__()
        self.urls: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href") and {"stylesheet", "icon", "preload"} & set(rel):
            kind = "css" if "stylesheet" in rel else "other"
            self.urls.append((kind, attrs["href"]))
        elif tag == "script" and attrs.get("src"):
            self.urls.append(("js", attrs["src"]))
        elif tag == "img" and attrs.get("src") and not attrs["src"].startswith("data:"):
            self.urls.append(("img", attrs["src"]))


def _fetch(url: str) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


def measure(base: str, urls_file: str) -> None:
    """Queries per page (test client, no cache at all) and bytes (from the running server)."""
    os.environ["PAGE_CACHE"] = "0"
    os.environ["SEARCH_CACHE_SECONDS"] = "0"
    _django()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from accmr.cache import forget_remembered

    setup_test_environment()  # lets the test client record the response; no test database
    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for line in Path(urls_file).read_text().splitlines():
        kind, path = line.split("\t")[:2]
        client.get(path)  # warm: first-use caches (content types, translations)
        # But count what a page costs when nothing is remembered (home counts, cards): the
        # cache and this process's own copies of what it remembered.
        cache.clear()
        forget_remembered()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        # And once its counts, keys and filter form are remembered (DATA_CACHE_SECONDS).
        with CaptureQueriesContext(connection) as remembered_queries:
            client.get(path)
        status, body, headers = _fetch(base + path)
        sent_bytes = len(body)
        if headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        html_gzip = len(gzip.compress(body, compresslevel=6))
        assets = {"css": 0, "js": 0, "img": 0, "other": 0}
        raw_assets = 0
        if "html" in headers.get("Content-Type", ""):
            parser = _Assets()
            parser.feed(body.decode("utf-8", "replace"))
            for asset_kind, src in parser.urls:
                if re.match(r"^[a-z]+://", src) or src.startswith("//"):
                    continue  # another host: the browser tests forbid it anyway
                _status, asset, asset_headers = _fetch(base + src)
                assets[asset_kind] += len(asset)  # as sent: gzip when WhiteNoise has it
                if asset_headers.get("Content-Encoding") == "gzip":
                    raw_assets += len(gzip.decompress(asset))
                else:
                    raw_assets += len(asset)
        results[kind] = {
            "path": path,
            "status": status,
            "client_status": response.status_code,
            "queries": len(queries),
            "queries_remembered": len(remembered_queries),
            "html_sent_bytes": sent_bytes,
            "html_bytes": len(body),
            "html_gzip_bytes": html_gzip,
            "html_sent_compressed": headers.get("Content-Encoding") == "gzip",
            "assets_sent_bytes": assets,
            "assets_raw_bytes": raw_assets,
            "first_visit_gzip_bytes": html_gzip + sum(assets.values()),
        }
    print(json.dumps(results, indent=2, ensure_ascii=False))


# ----------------------------------------------------------------------------- report


def _kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def _ms(us: float) -> str:
    return f"{us / 1000:.1f}"


LIST_KINDS = ("organisations list", "services list, filtered")
TARGETS = {
    "p95_ms": 100,
    "search_p95_ms": 150,
    "list_rps": 200,
    "first_visit_kb": 300,
    "html_kb": 60,
    "queries": 10,
}


PASS_TITLES = {
    "off": "Page cache off (PAGE_CACHE=0)",
    "locmem": "Page cache on, in each worker's local memory (PAGE_CACHE=1)",
    "redis": "Page cache on, in Redis on loopback (REDIS_URL, PAGE_CACHE=1)",
}


def _meta(out: Path) -> dict:
    env = os.environ
    meta = {
        "date": env.get("BENCH_DATE", ""),
        "nproc": env.get("BENCH_NPROC", ""),
        "cpu": env.get("BENCH_CPU", ""),
        "memory": env.get("BENCH_MEM", ""),
        "load": env.get("BENCH_LOAD", ""),
        "command": env.get("BENCH_COMMAND", ""),
        "data": env.get("BENCH_DATA", ""),
        "workers": env.get("BENCH_WORKERS", ""),
        "database": env.get("BENCH_DB", ""),
        "duration": env.get("BENCH_DURATION", ""),
        "connections": env.get("BENCH_CONNECTIONS", "16"),
        "passes": env.get("BENCH_PASSES", "").split(),
        "pass_titles": PASS_TITLES,
        "rss": {},
    }
    for name in meta["passes"]:
        rows = (out / f"{name}.rss").read_text().splitlines()
        meta["rss"][name] = {who: int(kb or 0) for who, kb in (r.split("\t") for r in rows)}
    (out / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    return meta


def report(outdir: str) -> None:
    out = Path(outdir)
    meta = _meta(out)
    pages = json.loads((out / "pages.json").read_text())
    lines = [
        f"# ACCMR Portal benchmark, {meta['date']}",
        "",
        f"- Machine: {meta['nproc']} CPU(s), {meta['cpu']}, {meta['memory']} memory; "
        f"wrk and gunicorn share these CPUs",
        f"- Load average (1, 5, 15 min) {meta['load']}: other work on the machine "
        "competes for the same CPUs",
        f"- Command: `{meta['command']}`",
        f"- Data: {meta['data']}",
        f"- Server: gunicorn (`make serve`), {meta['workers']} sync worker(s), DEBUG off, "
        f"PostgreSQL `{meta['database']}` on 127.0.0.1",
        f"- Load: `wrk -t2 -c{meta['connections']} -d{meta['duration']}s --latency` per page, "
        "after a short warm-up",
        "",
    ]
    passes = meta["passes"]
    summary = {}
    for name in passes:
        runs = {}
        for line in (out / f"{name}.urls").read_text().splitlines():
            kind, path = line.split("\t")[:2]
            slug = re.sub(r"[^a-z0-9]+", "-", kind.lower()).strip("-")
            data = json.loads((out / f"{name}-{slug}.json").read_text())
            runs[kind] = {**data, "path": path}
        summary[name] = runs
        health = runs["healthz"]["rps"] or 1
        lines += [
            f"## {meta['pass_titles'][name]}",
            "",
            "| page | path | HTTP | req/s | p50 ms | p95 ms | p99 ms | req/s ÷ healthz | "
            "non-2xx/3xx | errors |",
            "|---|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for kind, run in runs.items():
            errors = sum(run["errors"][k] for k in ("connect", "read", "write", "timeout"))
            lines.append(
                f"| {kind} | `{run['path']}` | {pages.get(kind, {}).get('status', '')} | "
                f"{run['rps']:.0f} | {_ms(run['p50'])} | {_ms(run['p95'])} | {_ms(run['p99'])} "
                f"| {run['rps'] / health:.2f} | {run['errors']['status']} | {errors} |"
            )
        rss = meta["rss"].get(name, {})
        lines += [
            "",
            "Peak resident memory (VmHWM) after the run: "
            + ", ".join(f"{who} {kb / 1024:.0f} MB" for who, kb in rss.items()),
            "",
        ]
    lines += [
        "## Queries and bytes per page",
        "",
        "Queries: Django test client on the same database, page cache off, with every cache "
        "emptied before the request (cold: what a page costs when nothing is remembered), "
        "then again (remembered: counts, deep-page keys and filter form kept under the "
        "content version, DATA_CACHE_SECONDS). "
        "HTML sent: the bytes the server sent to a client taking gzip (the app compresses "
        "anonymous pages itself). HTML gzip: the page compressed at level 6. First visit: "
        "HTML gzip + every stylesheet, script and image the page links, as WhiteNoise sends "
        "them (gzip).",
        "",
        "| page | queries cold | queries remembered | HTML KB | HTML KB sent | HTML KB gzip | "
        "CSS KB sent | JS KB sent | images KB | first visit KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for kind, page in pages.items():
        assets = page["assets_sent_bytes"]
        lines.append(
            f"| {kind} | {page['queries']} | {page.get('queries_remembered', '')} | "
            f"{_kb(page['html_bytes'])} | {_kb(page.get('html_sent_bytes', 0))} | "
            f"{_kb(page['html_gzip_bytes'])} | {_kb(assets['css'])} | {_kb(assets['js'])} | "
            f"{_kb(assets['img'] + assets['other'])} | {_kb(page['first_visit_gzip_bytes'])} |"
        )
    lines += ["", "## Targets (issues 8 and 18)", ""]
    lines += _targets(summary, pages, passes)
    text = "\n".join(lines) + "\n"
    (out / "report.md").write_text(text)
    print(text)


def _targets(summary, pages, passes) -> list[str]:
    lines = []
    ok = "met"
    miss = "**missed**"
    public = [k for k in pages if k != "healthz" and pages[k]["status"] == 200]
    absent = [k for k in pages if k != "healthz" and pages[k]["status"] != 200]
    for name in passes:
        runs = summary[name]
        worst = max(public, key=lambda k: runs[k]["p95"]) if public else None
        if worst:
            p95 = runs[worst]["p95"] / 1000
            verdict = ok if p95 < TARGETS["p95_ms"] else miss
            lines.append(
                f"- [{name}] every public page p95 < 100 ms: {verdict} "
                f"(worst: {worst}, {p95:.1f} ms)"
            )
        health = runs["healthz"]["rps"] or 1
        slowest = min(public, key=lambda k: runs[k]["rps"]) if public else None
        if slowest and name == "off":
            rps = runs[slowest]["rps"]
            verdict = ok if rps >= TARGETS["list_rps"] else miss
            lines.append(
                f"- [{name}] every public page ≥ 200 req/s uncached (issue 18): {verdict} "
                f"(slowest: {slowest}, {rps:.0f} req/s, {rps / health:.2f} of /healthz)"
            )
        elif slowest:
            ratio = runs[slowest]["rps"] / health
            verdict = ok if ratio >= 0.8 else miss
            lines.append(
                f"- [{name}] every public page ≥ 0.8 of /healthz cached (issue 18): {verdict} "
                f"(slowest: {slowest}, {ratio:.2f})"
            )
        first, deep = runs.get("services list"), runs.get("services list, page 2000")
        if first and deep and first["rps"]:
            ratio = deep["rps"] / first["rps"]
            verdict = ok if 0.8 <= ratio <= 1.2 else miss
            lines.append(
                f"- [{name}] page 2,000 of the services list within 20 % of page 1: {verdict} "
                f"({deep['rps']:.0f} and {first['rps']:.0f} req/s, {ratio:.2f})"
            )
        for kind in [k for k in runs if k.startswith("search") and k in public]:
            p95 = runs[kind]["p95"] / 1000
            verdict = ok if p95 < TARGETS["search_p95_ms"] else miss
            lines.append(f"- [{name}] {kind}: p95 < 150 ms (issue 7): {verdict} ({p95:.1f} ms)")
        for kind in LIST_KINDS:
            if kind in runs and kind in public:
                rps = runs[kind]["rps"]
                verdict = ok if rps >= TARGETS["list_rps"] else miss
                ratio = rps / (runs["healthz"]["rps"] or 1)
                lines.append(f"- [{name}] {kind} ≥ 200 req/s: {verdict} ({rps:.0f} req/s)")
                if name != "off":
                    verdict = ok if ratio >= 0.5 else miss
                    lines.append(
                        f"- [{name}] {kind} ≥ half of /healthz with caching: {verdict} "
                        f"({ratio:.2f})"
                    )
    if public:
        heaviest = max(public, key=lambda k: pages[k]["first_visit_gzip_bytes"])
        first = pages[heaviest]["first_visit_gzip_bytes"] / 1024
        verdict = ok if first < TARGETS["first_visit_kb"] else miss
        lines.append(f"- first visit < 300 KB compressed: {verdict} ({heaviest}: {first:.1f} KB)")
        largest = max(public, key=lambda k: pages[k]["html_gzip_bytes"])
        html = pages[largest]["html_gzip_bytes"] / 1024
        verdict = ok if html < TARGETS["html_kb"] else miss
        lines.append(f"- HTML < 60 KB compressed: {verdict} ({largest}: {html:.1f} KB)")
        most = max(public, key=lambda k: pages[k]["queries"])
        verdict = ok if pages[most]["queries"] <= TARGETS["queries"] else miss
        lines.append(f"- at most 10 queries a page: {verdict} ({most}: {pages[most]['queries']})")
    if absent:
        lines.append(
            "- not measured (the page does not exist yet on this code, HTTP status shown above): "
            + ", ".join(absent)
        )
    return lines


if __name__ == "__main__":
    command, *args = sys.argv[1:] or ["help"]
    if command == "urls":
        urls(*args)
    elif command == "counts":
        counts()
    elif command == "measure":
        measure(*args)
    elif command == "report":
        report(*args)
    else:
        print(__doc__)
        sys.exit(2)
