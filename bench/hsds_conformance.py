"""Open Referral's own HSDS 3.0 schemas against everything the API returns, at scale.

The same check as tests/findability/test_hsds_demo_data.py (the vendored compiled schemas and
OpenAPI document in tests/findability/hsds/), on a large generated directory: every page of
every list (fully nested records: every organisation, service, location, address, phone,
schedule, service-at-location, taxonomy and term the API exposes) and every item endpoint,
in both languages. Prints the counts, the time, and every object that does not validate; the
exit status is 1 if any does not.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accmr_hsds .venv/bin/python \
        bench/hsds_conformance.py --scale 2000

`--scale N` first runs `seed_demo --scale N` (idempotent); `--items F` checks only a fraction
F of the item endpoints (the lists are always checked whole).
"""

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from bench.script import scale_parser, start

    parser = scale_parser(__doc__)
    parser.add_argument("--items", type=float, default=1.0, help="fraction of items to fetch")
    args = parser.parse_args()
    client = start(args.scale, API_REQUESTS_PER_MINUTE="100000000", PAGE_CACHE="0")
    from tests.findability.hsds_schemas import ITEMS, LISTS, errors

    sample = random.Random(16)
    failures = 0
    counts: dict[str, int] = {}

    def check(path: str, body, where: str) -> None:
        nonlocal failures
        found = errors(path, body)
        counts[path] = counts.get(path, 0) + 1
        if found:
            failures += 1
            print(f"  INVALID {where}: {found[:3]}")

    for lang in ("el", "en"):
        started = time.perf_counter()
        counts.clear()

        for list_path in LISTS:
            number, objects = 1, 0
            while True:
                url = f"/api/hsds{list_path}"
                page = client.get(url, {"lang": lang, "per_page": 500, "page": number})
                assert page.status_code == 200, (url, number, page.status_code)
                body = page.json()
                check(list_path, body, f"{url}?page={number}&lang={lang}")
                objects += len(body["contents"])
                for item in body["contents"]:
                    if args.items < 1 and sample.random() >= args.items:
                        continue
                    item_url = f"/api/hsds{list_path}/{item['id']}"
                    response = client.get(item_url, {"lang": lang})
                    assert response.status_code == 200, (item_url, response.status_code)
                    check(ITEMS[list_path], response.json(), f"{item_url}?lang={lang}")
                if body["last_page"]:
                    break
                number += 1
            counts[f"{list_path} (objects in the pages)"] = objects
        check("/", client.get("/api/hsds/", {"lang": lang}).json(), f"/api/hsds/?lang={lang}")
        elapsed = time.perf_counter() - started
        print(f"{lang}: {elapsed:.0f} s")
        for path, count in counts.items():
            print(f"  {path}: {count}")
    print("every answer validates" if not failures else f"{failures} answers do not validate")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
