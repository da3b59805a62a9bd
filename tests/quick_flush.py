"""A quicker flush after each transactional test (live-server and browser tests), on PostgreSQL.

Django's TransactionTestCase empties the database after each test with `flush`: one TRUNCATE of
every table, then the post_migrate signal, which writes every content type and permission
again. On PostgreSQL a TRUNCATE makes new files for every table and index, empty or not, and
the content types come back with new ids; together that cost a few hundred milliseconds after
each of the browser tests.

The state after a flush is known: the tables post_migrate fills (content types, permissions)
hold exactly what it wrote, every other table is empty. `install()` replaces the teardown
with one that reaches that same state by the shortest way: one query finds the tables that
hold rows and fingerprints the tables post_migrate fills; the rows of the others are deleted
(foreign keys are checked at the end of the transaction, as Django makes them deferred). When
the fingerprints differ from those taken after the last real flush (a test changed a content
type or a permission), when a delete fails, or for anything but a plain flush (another
database, `available_apps`, `serialized_rollback`), Django's own flush runs as before.
"""

from django.core.management import call_command
from django.db import DatabaseError, connections, transaction
from django.test import TransactionTestCase

# {database alias: {table: fingerprint}}: the tables a real flush left rows in, and their rows.
_after_flush: dict[str, dict[str, str]] = {}


def _tables(connection) -> list[str]:
    # The tables `flush` empties (django.core.management.sql.sql_flush).
    return sorted(
        connection.introspection.django_table_names(only_existing=True, include_views=False)
    )


def _fingerprint_sql(connection, table: str) -> str:
    name = connection.ops.quote_name(table)
    return f"SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM {name} AS t"


def _look(connection, tables: list[str], fingerprinted) -> tuple[set[str], dict[str, str]]:
    """The tables holding rows, and the fingerprints of `fingerprinted`, in one query."""
    quote = connection.ops.quote_name
    parts = [f"SELECT %s, NULL WHERE EXISTS (SELECT 1 FROM {quote(t)})" for t in tables]
    params = list(tables)
    for table in fingerprinted:
        parts.append(f"SELECT %s, ({_fingerprint_sql(connection, table)})")
        params.append(table)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    holding = {table for table, fingerprint in rows if fingerprint is None}
    fingerprints = {table: fingerprint for table, fingerprint in rows if fingerprint is not None}
    return holding, fingerprints


def _remember_after_flush(alias: str) -> None:
    connection = connections[alias]
    tables = _tables(connection)
    holding, _ = _look(connection, tables, ())
    _, fingerprints = _look(connection, tables, sorted(holding))
    _after_flush[alias] = fingerprints


def _emptied_quickly(alias: str) -> bool:
    """Bring the database back to the state of right after a flush; False if it cannot."""
    connection = connections[alias]
    expected = _after_flush.get(alias)
    if connection.vendor != "postgresql" or expected is None:
        return False
    tables = _tables(connection)
    holding, fingerprints = _look(connection, tables, sorted(expected))
    if fingerprints != expected or not set(expected) <= holding:
        return False
    to_empty = sorted(holding - set(expected))
    if not to_empty:
        return True
    quote = connection.ops.quote_name
    try:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("; ".join(f"DELETE FROM {quote(t)}" for t in to_empty))
    except DatabaseError:
        return False
    return True


def _fixture_teardown(self):
    if self.available_apps is not None or self.serialized_rollback:
        return _django_fixture_teardown(self)
    for alias in self._databases_names(include_mirrors=False):
        if _emptied_quickly(alias):
            continue
        # Django's flush, exactly as TransactionTestCase._fixture_teardown runs it.
        call_command(
            "flush",
            verbosity=0,
            interactive=False,
            database=alias,
            reset_sequences=False,
            allow_cascade=False,
            inhibit_post_migrate=False,
        )
        if connections[alias].vendor == "postgresql":
            _remember_after_flush(alias)


_django_fixture_teardown = TransactionTestCase._fixture_teardown


def install() -> None:
    TransactionTestCase._fixture_teardown = _fixture_teardown
