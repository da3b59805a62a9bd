import contextlib

import pytest
from django.db import transaction
from django.utils import translation

from tests import quick_flush, template_db

quick_flush.install()  # after a transactional test, the database as migrate left it (see there)


def pytest_configure(config):
    # PostgreSQL test databases copied from one migrated template (see there).
    template_db.install(fresh=config.getoption("create_db"))


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test databases, whose migrated state (data migrations' rows included)
    each transactional test then starts from (tests/quick_flush.py)."""
    with django_db_blocker.unblock():
        quick_flush.remember_migrated_state()


@pytest.fixture(autouse=True)
def _no_language_left_active():
    """Each test starts with no language active (the default, Greek), as a fresh request
    thread does: the test client leaves the last request's language active in the thread, and
    a test rendering a template or building data outside a request would read it (since the
    public site has seven languages, that could be Farsi).
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Fast hashing, uploads in a throw-away folder, a fresh cache, plain static storage."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    # The admin's two-factor requirement is tested with it on in tests/backoffice/test_otp.py;
    # elsewhere admin tests may log staff in with force_login alone.
    settings.OTP_REQUIRED_FOR_STAFF = False
    # Every test client is one address; the per-client limits of the open data are tested in
    # tests/security/test_open_data_limits.py with their own values.
    settings.API_REQUESTS_PER_MINUTE = 100_000
    settings.BULK_DOWNLOADS_PER_HOUR = 100_000
    # With the immediate task backend every committed save outside a transaction (live-server
    # and transactional tests seed row by row) would build every open-data file at once.
    # tests/security/test_open_data_build.py turns it on and tests it.
    settings.OPEN_DATA_BUILD_ON_CHANGE = False
    # Without the page cache, lists remember counts and sidebars for a while (per process);
    # a test that changes rows between two requests must see the change (tests of the
    # remembering itself turn it on: tests/accmr/test_listing.py).
    settings.DATA_CACHE_SECONDS = 0
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": "/no-public-address/"},
        },
    }
    # The content version in this process's memory (not the file every process of a
    # development set-up shares): each test starts from its own.
    settings.CACHES = {
        **settings.CACHES,
        "version": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "v"},
    }
    from django.core.cache import cache, caches

    from accmr.cache import forget_remembered

    cache.clear()
    caches["version"].clear()
    forget_remembered()
    yield
    cache.clear()
    caches["version"].clear()
    forget_remembered()


@pytest.fixture
def editor_client(client, editor):
    """The test's `client`, logged in as the `editor` that the folder's conftest.py makes."""
    client.force_login(editor)
    return client


@contextlib.contextmanager
def rolled_back_after_the_module(django_db_blocker):
    """For a module-scoped fixture that writes rows once for a module's tests: a transaction
    around them, rolled back after the last one (see sample_records_of_module)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sample_records_of_module(django_db_setup, django_db_blocker):
    """tests.pages.make_sample_records(), made once per test module (and xdist worker) inside
    a transaction that is rolled back after the module's last test.

    Each test runs in a savepoint inside it (pytest-django's tests nest in an open
    transaction), so a test's own writes still vanish after it, while the hundreds of route
    and page checks stop building the same rows again for every test. Not for transactional
    or live-server tests: they flush the database.
    """
    from tests.pages import make_sample_records

    with rolled_back_after_the_module(django_db_blocker):
        yield make_sample_records()
