"""On PostgreSQL, the test databases are copies of one migrated template, migrated once.

Django migrates each test database from nothing: every migration of every app, then the
post_migrate signal (content types, permissions). That took some 23 s per pytest-xdist worker,
each worker doing the same work at the same time. Instead, `install()` makes each PostgreSQL
test database a copy (`CREATE DATABASE ... TEMPLATE`, as Django's own parallel test runner
clones its databases) of `test_<NAME>_template`, which the first worker to need it migrates
while the others wait on a file lock. The copy has every row migrate left (the Coordinators
group and its permissions), so tests/quick_flush.py remembers the same state as before.

The template is kept after the run and used again while it is current: it is marked (a comment
on the database) with a digest of what migrate reads: Django's version, the installed apps,
every migration file, the models of the apps that have no migrations, and our apps' data files
(data migrations read some). Any change to them migrates a new template; with `--create-db` the
run's first worker migrates it again. SQLite, and `--reuse-db` (keepdb), keep Django's own way.
"""

import contextlib
import fcntl
import hashlib
import sys
import tempfile
import time
from pathlib import Path

_create_test_db = None


def _digest(connection) -> str:
    import django
    from django.apps import apps
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    digest = hashlib.sha256()
    digest.update(django.get_version().encode())
    digest.update(repr(list(settings.INSTALLED_APPS)).encode())
    digest.update(repr(sorted(settings.MIGRATION_MODULES.items())).encode())
    # Named by module or by the path inside the project, never by absolute path: xdist's
    # workers may see the packages through another path (a symlinked .venv) than the parent.
    files = {
        m.__module__: sys.modules[m.__module__].__file__ for m in loader.disk_migrations.values()
    }
    for label in loader.unmigrated_apps:
        models = apps.get_app_config(label).models_module
        if models is not None:
            files[models.__name__] = models.__file__
    base = Path(settings.BASE_DIR).resolve()
    for app in apps.get_app_configs():
        if Path(app.path).resolve().parent == base:  # our own apps
            for path in (Path(app.path) / "data").glob("**/*"):
                if path.is_file():
                    files[f"{app.label}:{path.relative_to(app.path).as_posix()}"] = path
    for name in sorted(files):
        digest.update(name.encode())
        digest.update(Path(files[name]).read_bytes())
    return digest.hexdigest()


@contextlib.contextmanager
def _file_lock(name: str):
    """Held by one process at a time; the file holds the key of the run that last migrated the
    template (see `install`)."""
    path = Path(tempfile.gettempdir()) / f"{name}.lock"
    with open(path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield lock
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _template_mark(cursor, name: str) -> str | None:
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    )
    row = cursor.fetchone()
    return row[0] if row else None


def create_test_db(self, verbosity=1, autoclobber=False, serialize=True, keepdb=False):
    """BaseDatabaseCreation.create_test_db, for PostgreSQL without keepdb: a copy of the
    current template (migrated first if there is none)."""
    connection = self.connection
    if connection.vendor != "postgresql" or keepdb:
        return _create_test_db(self, verbosity, autoclobber, serialize, keepdb)
    from django.conf import settings
    from django.core.management import call_command

    quote = connection.ops.quote_name
    target = self._get_test_db_name()
    template = f"test_{connection.settings_dict['NAME']}_template"
    digest = _digest(connection)
    with _file_lock(template) as lock:
        lock.seek(0)
        with self._nodb_cursor() as cursor:
            current = _template_mark(cursor, template) == digest and (
                not _run_key or lock.read() == _run_key
            )
        if not current:
            own_test_name = connection.settings_dict["TEST"]["NAME"]
            connection.settings_dict["TEST"]["NAME"] = template
            try:
                _create_test_db(self, verbosity, True, False, False)
            finally:
                connection.settings_dict["TEST"]["NAME"] = own_test_name
            with connection.cursor() as cursor:
                cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS %s", [digest])
            lock.seek(0)
            lock.truncate()
            lock.write(_run_key)
            lock.flush()
        # CREATE DATABASE ... TEMPLATE needs the template without connections.
        connection.close()
        connection.close_pool()
        if verbosity >= 1:
            self.log(f"Copying test database {template} to {target}...")
        with self._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(target)}")
            for attempt in range(20):
                try:
                    cursor.execute(f"CREATE DATABASE {quote(target)} TEMPLATE {quote(template)}")
                    break
                except Exception as error:
                    # Autovacuum may be looking at the template for a moment.
                    if "being accessed by other users" not in str(error) or attempt == 19:
                        raise
                    time.sleep(0.5)
    settings.DATABASES[connection.alias]["NAME"] = target
    connection.settings_dict["NAME"] = target
    if serialize:
        connection._test_serialized_contents = self.serialize_db_to_string()
    call_command("createcachetable", database=connection.alias)
    connection.ensure_connection()
    return target


_run_key = ""


def install(*, fresh: bool = False) -> None:
    """Patch Django's test database creation; `fresh` (--create-db): the template is migrated
    again by the run's first worker (its run key in the lock file tells the others)."""
    global _create_test_db, _run_key
    import os
    import uuid

    from django.db.backends.base.creation import BaseDatabaseCreation

    if fresh:
        _run_key = os.environ.get("PYTEST_XDIST_TESTRUNUID", uuid.uuid4().hex)
    if _create_test_db is None:
        _create_test_db = BaseDatabaseCreation.create_test_db
        BaseDatabaseCreation.create_test_db = create_test_db
