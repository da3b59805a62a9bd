import os
import re
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.pages import history_lacks_translations

_close_if_unusable_or_obsolete = BaseDatabaseWrapper.close_if_unusable_or_obsolete

BASE_DIR = Path(__file__).resolve().parents[2]

SITE_PAGES = ["", "about/", "contact/", "accessibility/", "privacy/", "help/"]


@pytest.fixture
def database_down():
    """Every attempt to reach the database fails, as when PostgreSQL is stopped."""

    def refuse(self):
        raise OperationalError("connection refused (simulated by the test)")

    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse):
        yield


@pytest.fixture
def page_cache_on(settings):
    """The anonymous page cache on (the test run turns it off: pyproject.toml)."""
    settings.PAGE_CACHE = True
    if history_lacks_translations():  # see tests/pages.py
        settings.SIMPLE_HISTORY_ENABLED = False


@pytest.fixture
def in_process_commands(monkeypatch):
    """Long-running commands (db_worker, run_schedule) may be called in the test's transaction.

    Between two rounds they call close_old_connections(), which drops a connection left outside
    autocommit: the test's own, holding its transaction (SQLite keeps its in-memory database
    open, PostgreSQL closes it, and every later query fails with "the connection is closed").
    As Django's test client does for the request signals, the connection is kept while the test
    holds it in a transaction; outside one (transactional tests) the check runs as usual.
    """

    def close_unless_in_the_tests_transaction(self):
        if not self.in_atomic_block:
            _close_if_unusable_or_obsolete(self)

    monkeypatch.setattr(
        BaseDatabaseWrapper,
        "close_if_unusable_or_obsolete",
        close_unless_in_the_tests_transaction,
    )


def links(html: str, rel: str) -> dict[str, str]:
    """hreflang -> href of the <link rel=...> tags in a page."""
    pattern = rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">'
    return dict(re.findall(pattern, html))


def switcher_links(html: str) -> dict[str, str]:
    """hreflang -> href of the language switcher's links."""
    nav = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return dict(
        (lang, href.replace("&amp;", "&"))
        for href, lang in re.findall(
            r'<a class="language-switcher__link" href="([^"]+)" hreflang="([^"]+)"', nav
        )
    )


def print_setting_in_a_fresh_interpreter(
    name: str, *, unset: set[str], **env_changes: str | None
) -> subprocess.CompletedProcess:
    """Load the settings in a new Python process and print settings.<name>: the variables in
    `unset` are taken out of this process's environment, then `env_changes` (but None) set."""
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["DJANGO_SETTINGS_MODULE"] = "accmr.settings"
    env.update({k: v for k, v in env_changes.items() if v is not None})
    code = (
        f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
