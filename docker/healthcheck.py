"""Docker HEALTHCHECK: exit 0 when GET /healthz answers 200 (the database is reachable).

Standard library only (no curl in the image). The request carries a Host header the portal
accepts: the first entry of ALLOWED_HOSTS, so the check works with production settings.
"""

import os
import sys
import urllib.request


def main() -> int:
    hosts = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    host = hosts[0].lstrip(".") if hosts and hosts[0] != "*" else "localhost"
    port = os.environ.get("BIND", "0.0.0.0:8000").rsplit(":", 1)[-1]
    request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
