"""gunicorn.conf.py: the app is preloaded in the master and forked, so loading it must not
open a database connection (the workers would share one socket)."""

import os
import runpy
import subprocess
import sys
from pathlib import Path

BASE = Path(__file__).resolve().parents[2]


def test_loading_the_wsgi_application_opens_no_database_connection():
    code = (
        "import accmr.wsgi\n"
        "from django.db import connections\n"
        "print(sum(1 for c in connections.all(initialized_only=True) if c.connection))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "accmr.settings", "DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"


def test_workers_are_preloaded_and_recycled_only_on_request(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    config = runpy.run_path(str(BASE / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    assert config["max_requests"] == 0
    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "5000")
    config = runpy.run_path(str(BASE / "gunicorn.conf.py"))
    assert (config["max_requests"], config["max_requests_jitter"]) == (5000, 500)
