"""The words of each searched table's names, kept beside it (PostgreSQL only).

The site search's rank "every query word is in the names" read the (name length, key) index in
order until ten rows had every word (accmr.search): a word that is only in long names (a
category's, "nomiki", "diermineia") walked 10,000-46,000 entries, 5-30 ms, on 47,000 services.
These tables answer it from the words instead:

- `<table>_search_word` (word, name length, key): one row per distinct word of a record's
  `search_names`, in the names' order of the index (word, length, key);
- `accmr_search_vocabulary` (word): every word ever seen in any of them, with a trigram index,
  so that a query's stem ("nomik", or " ab", which must start a word) finds its few words, then
  their records in name-length order, without reading a record.

Triggers on each searched table keep them (per statement, with its transition tables: a bulk
import writes its rows' words in one statement). A record's words change only when its names
do; a word no record uses any more stays in the vocabulary, where it finds nothing. TRUNCATE
of a searched table (Django's flush) empties its word table. accmr.search checks the names of
every record the words give, so a word table can only ever make the search read more rows,
never show one that does not match; tests/findability/test_search_words.py checks the triggers.
"""

from django.db import migrations

TABLES = (
    "members_organisation",
    "members_service",
    "network_municipality",
    "network_goodpractice",
    "bulletin_publication",
)
VOCABULARY = "accmr_search_vocabulary"

# A record's words: every run of non-blank characters of its names but the separators, once.
WORDS_OF = """
CREATE OR REPLACE FUNCTION accmr_search_words_of(names text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
    SELECT DISTINCT word FROM regexp_split_to_table(names, '\\s+') AS word
    WHERE word NOT IN ('', '/', '|')
$body$
"""
# Of an UPDATE's rows, those whose names changed (most updates change something else).
_RENAMED = (
    "(SELECT n.id, n.search_names FROM new_rows n JOIN old_rows o ON o.id = n.id"
    " WHERE n.search_names IS DISTINCT FROM o.search_names)"
)

TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION accmr_search_words() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    words text := quote_ident(TG_TABLE_NAME || '_search_word');
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN 'new_rows' WHEN 'DELETE' THEN 'old_rows' ELSE '{_RENAMED}' END;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE 'TRUNCATE ' || words;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE 'DELETE FROM ' || words || ' x USING ' || changed || ' c WHERE x.id = c.id';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE 'INSERT INTO ' || words || ' (word, e, id) SELECT w, length(r.search_names), r.id'
            || ' FROM ' || changed || ' r, accmr_search_words_of(r.search_names) w';
        -- In order, so that two imports at once take the same words' locks in the same order.
        EXECUTE 'INSERT INTO {VOCABULARY} (word) SELECT DISTINCT w FROM ' || changed
            || ' r, accmr_search_words_of(r.search_names) w ORDER BY w ON CONFLICT DO NOTHING';
    END IF;
    RETURN NULL;
END
$body$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(f'CREATE TABLE IF NOT EXISTS {VOCABULARY} (word text COLLATE "C" PRIMARY KEY)')
    execute(
        f"CREATE INDEX IF NOT EXISTS {VOCABULARY}_trgm ON {VOCABULARY}"
        " USING gin (word gin_trgm_ops)"
    )
    execute(WORDS_OF)
    execute(TRIGGER_FUNCTION)
    for table in TABLES:
        words = f"{table}_search_word"
        execute(
            f'CREATE TABLE IF NOT EXISTS {words} (word text COLLATE "C" NOT NULL,'
            " e integer NOT NULL, id bigint NOT NULL, PRIMARY KEY (word, e, id))"
        )
        execute(f"CREATE INDEX IF NOT EXISTS {words}_id ON {words} (id)")
        execute(
            f"INSERT INTO {words} (word, e, id) SELECT w, length(r.search_names), r.id"
            f" FROM {table} r, accmr_search_words_of(r.search_names) w"
        )
        execute(
            f"INSERT INTO {VOCABULARY} (word) SELECT DISTINCT word FROM {words}"
            " ON CONFLICT DO NOTHING"
        )
        execute(
            f"CREATE TRIGGER {table}_words_insert AFTER INSERT ON {table}"
            " REFERENCING NEW TABLE AS new_rows"
            " FOR EACH STATEMENT EXECUTE FUNCTION accmr_search_words()"
        )
        execute(
            f"CREATE TRIGGER {table}_words_update AFTER UPDATE ON {table}"
            " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
            " FOR EACH STATEMENT EXECUTE FUNCTION accmr_search_words()"
        )
        execute(
            f"CREATE TRIGGER {table}_words_delete AFTER DELETE ON {table}"
            " REFERENCING OLD TABLE AS old_rows"
            " FOR EACH STATEMENT EXECUTE FUNCTION accmr_search_words()"
        )
        execute(
            f"CREATE TRIGGER {table}_words_truncate AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION accmr_search_words()"
        )
        execute(f"ANALYZE {words}")
    execute(f"ANALYZE {VOCABULARY}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for event in ("insert", "update", "delete", "truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_words_{event} ON {table}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_search_word")
    schema_editor.execute("DROP FUNCTION IF EXISTS accmr_search_words()")
    schema_editor.execute("DROP FUNCTION IF EXISTS accmr_search_words_of(text)")
    schema_editor.execute(f"DROP TABLE IF EXISTS {VOCABULARY}")


class Migration(migrations.Migration):
    dependencies = [("accmr", "0005_search_ranking_indexes")]

    operations = [migrations.RunPython(create, drop)]
