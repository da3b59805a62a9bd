"""After each transactional test (live-server and browser tests), the database as migrate left it.

Django's TransactionTestCase empties the database after each test with `flush`: one TRUNCATE of
every table, then the post_migrate signal, which writes every content type and permission
again, with new ids. That loses what data migrations wrote (the Coordinators group and its
permissions: accmr 0003, members 0009, bulletin 0002 and 0004), so only the first
transactional test of a process found them, and the content types' ids changed under every
cache holding them. On PostgreSQL a TRUNCATE also makes new files for every table and index,
empty or not: a few hundred milliseconds after each browser test.

Instead, `remember_migrated_state()` (called once the test database is set up) keeps a copy of
the rows of every table that holds any right after migrate, and the teardown that `install()`
puts in place brings the database back to exactly that state by the shortest way: one query
finds the tables that hold rows (and, on PostgreSQL, fingerprints the remembered ones); the
rows of the other tables are deleted, and a remembered table whose rows changed gets its copy
back (foreign keys are checked at the end of the transaction, as Django makes them deferred).
Ids never change, so caches of content types stay right. If a delete fails, every table is
emptied as flush would (without post_migrate) and the copies are put back. For anything but a
plain flush (another database, `available_apps`, `serialized_rollback`), or before the state
was remembered, Django's own teardown runs.
"""

from django.db import DatabaseError, connections, transaction
from django.test import TransactionTestCase

# {database alias: {table: (columns, rows, fingerprint)}}: the tables migrate left rows in.
_migrated: dict[str, dict[str, tuple[list[str], list[tuple], str | None]]] = {}


def _tables(connection) -> list[str]:
    # The tables `flush` empties (django.core.management.sql.sql_flush).
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _fingerprint_sql(connection, table: str) -> str:
    name = connection.ops.quote_name(table)
    return f"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM {name} AS t"


def _look(connection, tables: list[str], fingerprinted) -> tuple[set[str], dict[str, str]]:
    """The tables holding rows, and the fingerprints of `fingerprinted` (PostgreSQL only), in
    one query."""
    quote = connection.ops.quote_name
    parts = [f"SELECT %s, NULL WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in tables]
    params = list(tables)
    if connection.vendor == "postgresql":
        for table in fingerprinted:
            parts.append(f"SELECT %s, ({_fingerprint_sql(connection, table)})")
            params.append(table)
    if not parts:
        return set(), {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    holding = {table for table, fingerprint in rows if fingerprint is None}
    fingerprints = {table: fingerprint for table, fingerprint in rows if fingerprint is not None}
    return holding, fingerprints


def remember_migrated_state() -> None:
    """Keep the rows of every table that holds any, in every database: call it right after
    the test databases are set up (tests/conftest.py's django_db_setup)."""
    for alias in connections:
        connection = connections[alias]
        quote = connection.ops.quote_name
        holding, _ = _look(connection, _tables(connection), ())
        _, fingerprints = _look(connection, [], sorted(holding))
        remembered = {}
        with connection.cursor() as cursor:
            for table in sorted(holding):
                cursor.execute(f"SELECT * FROM {quote(table)}")
                columns = [column[0] for column in cursor.description]
                remembered[table] = (columns, cursor.fetchall(), fingerprints.get(table))
        _migrated[alias] = remembered


def _restore(connection, alias: str, to_empty, to_restore) -> None:
    quote = connection.ops.quote_name
    remembered = _migrated[alias]
    with transaction.atomic(using=alias), connection.cursor() as cursor:
        if to_empty:
            cursor.execute("; ".join(f"DELETE FROM {quote(t)}" for t in sorted(to_empty)))
        for table in sorted(to_restore):
            columns, rows, _fingerprint = remembered[table]
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) "
                f"VALUES ({', '.join(['%s'] * len(columns))})",
                rows,
            )


def _back_to_migrated_state(alias: str) -> None:
    connection = connections[alias]
    remembered = _migrated[alias]
    tables = _tables(connection)
    holding, fingerprints = _look(connection, tables, sorted(remembered))
    changed = {
        table
        for table, (_columns, _rows, fingerprint) in remembered.items()
        # Without fingerprints (not PostgreSQL), every remembered table is put back.
        if fingerprint is None or fingerprints.get(table) != fingerprint
    }
    try:
        _restore(connection, alias, (holding - set(remembered)) | changed, changed)
    except DatabaseError:
        # Everything emptied as flush empties it (without post_migrate), then the copies.
        from django.core.management.color import no_style

        flush = connection.ops.sql_flush(no_style(), tables, allow_cascade=True)
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            for sql in flush:
                cursor.execute(sql)
        _restore(connection, alias, (), set(remembered))
    if "django_content_type" in changed:
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()


def _fixture_teardown(self):
    aliases = self._databases_names(include_mirrors=False)
    if (
        self.available_apps is not None
        or self.serialized_rollback
        or any(alias not in _migrated for alias in aliases)
    ):
        return _django_fixture_teardown(self)
    for alias in aliases:
        _back_to_migrated_state(alias)


_django_fixture_teardown = TransactionTestCase._fixture_teardown


def install() -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown
