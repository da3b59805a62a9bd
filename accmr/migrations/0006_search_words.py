"""The words of each searched table's names and text, kept beside it (PostgreSQL only).

The site search reads a kind's ten best matches rank by rank in name-length order
(accmr.search). Two ranks read every record that has the query's words before finding ten:
"every word is in the names" walked the (name length, key) index until ten rows had them (a
word only in long names, "nomiki", "diermineia", walked 10,000-46,000 entries, 5-30 ms on
47,000 services), and "the words are in the text" read every record the text's trigrams
named (2,569 heap rows, 16-26 ms, for "paidia"). These tables answer both from the words:

- `<table>_search_word` and `<table>_text_word` (word, name length, key): one row per
  distinct word of a record's `search_names` (or whole `search_text`), so that a word's
  records come from the primary key in name-length order, without reading a record;
- `accmr_search_vocabulary` (word): every word ever seen, with a trigram index, so that a
  query's stem ("nomik"; " ab", which must start a word) finds its few words first.

Triggers on each searched table keep them, per statement with its transition tables (a bulk
import writes its rows' words in one statement): on insert, on an update of the text (of the
names, for the names' words; most updates change neither), on delete and on TRUNCATE (Django's
flush). A word no record uses any more stays in the vocabulary, where it finds nothing.
accmr.search checks each record the words give against its own columns, so a word table can
only make the search read more rows, never show one that does not match.
tests/findability/test_search_words.py checks the triggers and the plans.

At 50,000 services: 2.3 million words of the services' text (303 MB with its indexes) and
0.5 million of their names (68 MB); built in about a minute.
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

# A record's words: the text's words but the separators, once each; a word is kept to its first
# 200 characters (an index entry has a size limit; no query word is that long).
WORDS_OF = """
CREATE OR REPLACE FUNCTION accmr_search_words_of(text text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
    SELECT DISTINCT left(word, 200) FROM string_to_table(text, ' ') AS word
    WHERE word NOT IN ('', '/', '|')
$body$
"""
# An UPDATE's rows whose `column` changed (or whose key did), as they were (`gone`) and as
# they are (`come`): most updates change neither the names nor the text.
_GONE = (
    "(SELECT o.id, o.search_names, o.search_text FROM old_rows o LEFT JOIN new_rows n"
    " ON n.id = o.id WHERE n.id IS NULL OR n.{column} IS DISTINCT FROM o.{column})"
)
_COME = (
    "(SELECT n.id, n.search_names, n.search_text FROM new_rows n LEFT JOIN old_rows o"
    " ON o.id = n.id WHERE o.id IS NULL OR n.{column} IS DISTINCT FROM o.{column})"
)
# A word table's rows for `@` (a table or a subquery with id, search_names and search_text).
_WORD_ROWS = "SELECT w, length(r.search_names), r.id FROM @ r, accmr_search_words_of(r.{column}) w"


def _rows(rows: str, column: str) -> str:
    return _WORD_ROWS.format(column=column).replace("@", rows)


TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION accmr_search_words() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    schema text := quote_ident(TG_TABLE_SCHEMA) || '.';
    names text := schema || quote_ident(TG_TABLE_NAME || '_search_word');
    texts text := schema || quote_ident(TG_TABLE_NAME || '_text_word');
    vocabulary text := schema || '{VOCABULARY}';
    -- The rows whose words go, and those whose words come, for the names and for the text.
    names_gone text := 'old_rows';
    texts_gone text := 'old_rows';
    names_come text := 'new_rows';
    texts_come text := 'new_rows';
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE 'TRUNCATE ' || names || ', ' || texts;
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        -- The names are part of the text: an update that leaves every text (and key) as it
        -- was changes no word.
        IF NOT EXISTS (
            SELECT 1 FROM new_rows n FULL JOIN old_rows o ON o.id = n.id
            WHERE n.id IS NULL OR o.id IS NULL OR n.search_text IS DISTINCT FROM o.search_text
        ) THEN
            RETURN NULL;
        END IF;
        names_gone := '{_GONE.format(column="search_names")}';
        texts_gone := '{_GONE.format(column="search_text")}';
        names_come := '{_COME.format(column="search_names")}';
        texts_come := '{_COME.format(column="search_text")}';
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE 'DELETE FROM ' || names || ' x USING ' || names_gone || ' c WHERE x.id = c.id';
        EXECUTE 'DELETE FROM ' || texts || ' x USING ' || texts_gone || ' c WHERE x.id = c.id';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE 'INSERT INTO ' || names || ' (word, e, id) '
            || replace('{_rows("@", "search_names")}', '@', names_come);
        EXECUTE 'INSERT INTO ' || texts || ' (word, e, id) '
            || replace('{_rows("@", "search_text")}', '@', texts_come);
        -- Words new to the vocabulary (the names' are in the text). Not a unique key: two
        -- transactions adding the same word each add it, rather than one waiting for the
        -- other (a long rebuild) or the two deadlocking; readers ask whether a word is in it.
        EXECUTE 'INSERT INTO ' || vocabulary || ' (word) SELECT DISTINCT w FROM ' || texts_come
            || ' r, accmr_search_words_of(r.search_text) w WHERE NOT EXISTS'
            || ' (SELECT 1 FROM ' || vocabulary || ' v WHERE v.word = w)';
    END IF;
    RETURN NULL;
END
$body$
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = schema_editor.execute
    execute(f'CREATE TABLE {VOCABULARY} (word text COLLATE "C" NOT NULL)')
    execute(f"CREATE INDEX {VOCABULARY}_word ON {VOCABULARY} (word)")
    execute(f"CREATE INDEX {VOCABULARY}_trgm ON {VOCABULARY} USING gin (word gin_trgm_ops)")
    execute(WORDS_OF)
    execute(TRIGGER_FUNCTION)
    for table in TABLES:
        # No row written between the words read and the triggers made (until the commit).
        execute(f"LOCK TABLE {table} IN SHARE ROW EXCLUSIVE MODE")
        for words, column in (("search_word", "search_names"), ("text_word", "search_text")):
            words = f"{table}_{words}"
            execute(
                f'CREATE TABLE {words} (word text COLLATE "C" NOT NULL,'
                " e integer NOT NULL, id bigint NOT NULL, PRIMARY KEY (word, e, id))"
            )
            execute(f"CREATE INDEX {words}_id ON {words} (id)")
            execute(f"INSERT INTO {words} (word, e, id) {_rows(table, column)}")
            execute(f"ANALYZE {words}")
        execute(
            f"INSERT INTO {VOCABULARY} (word) SELECT DISTINCT word FROM {table}_text_word x"
            f" WHERE NOT EXISTS (SELECT 1 FROM {VOCABULARY} v WHERE v.word = x.word)"
        )
        for event, tables in (
            ("insert", "NEW TABLE AS new_rows"),
            ("update", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
            ("delete", "OLD TABLE AS old_rows"),
        ):
            execute(
                f"CREATE TRIGGER {table}_words_{event} AFTER {event.upper()} ON {table}"
                f" REFERENCING {tables} FOR EACH STATEMENT EXECUTE FUNCTION accmr_search_words()"
            )
        execute(
            f"CREATE TRIGGER {table}_words_truncate AFTER TRUNCATE ON {table}"
            " FOR EACH STATEMENT EXECUTE FUNCTION accmr_search_words()"
        )
    execute(f"ANALYZE {VOCABULARY}")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        for event in ("insert", "update", "delete", "truncate"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_words_{event} ON {table}")
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}_search_word, {table}_text_word")
    schema_editor.execute("DROP FUNCTION IF EXISTS accmr_search_words()")
    schema_editor.execute("DROP FUNCTION IF EXISTS accmr_search_words_of(text)")
    schema_editor.execute(f"DROP TABLE IF EXISTS {VOCABULARY}")


class Migration(migrations.Migration):
    dependencies = [("accmr", "0005_search_ranking_indexes")]

    operations = [migrations.RunPython(create, drop)]
