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

# A record's words: every run of non-blank characters of its names but the separators, once.
WORDS_OF = """
CREATE OR REPLACE FUNCTION accmr_search_words_of(names text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$
    SELECT DISTINCT word FROM regexp_split_to_table(names, '\\s+') AS word
    WHERE word NOT IN ('', '/', '|')
$body$
"""
# Of an UPDATE's rows, those whose names (or whose text) changed: most updates change neither.
_CHANGED = (
    "(SELECT n.id, n.search_names, n.search_text FROM new_rows n JOIN old_rows o ON o.id = n.id"
    " WHERE n.{column} IS DISTINCT FROM o.{column})"
)
# A word table's rows for `rows` (a table or a subquery with id, search_names and search_text).
_WORD_ROWS = (
    "SELECT w, length(r.search_names), r.id FROM {rows} r, accmr_search_words_of(r.{column}) w"
)

TRIGGER_FUNCTION = f"""
CREATE OR REPLACE FUNCTION accmr_search_words() RETURNS trigger LANGUAGE plpgsql AS $body$
DECLARE
    names text := quote_ident(TG_TABLE_NAME || '_search_word');
    texts text := quote_ident(TG_TABLE_NAME || '_text_word');
    renamed text := CASE TG_OP WHEN 'INSERT' THEN 'new_rows' WHEN 'DELETE' THEN 'old_rows'
        ELSE '{_CHANGED.format(column="search_names")}' END;
    rewritten text := CASE TG_OP WHEN 'INSERT' THEN 'new_rows' WHEN 'DELETE' THEN 'old_rows'
        ELSE '{_CHANGED.format(column="search_text")}' END;
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        EXECUTE 'TRUNCATE ' || names || ', ' || texts;
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        EXECUTE 'DELETE FROM ' || names || ' x USING ' || renamed || ' c WHERE x.id = c.id';
        EXECUTE 'DELETE FROM ' || texts || ' x USING ' || rewritten || ' c WHERE x.id = c.id';
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE 'INSERT INTO ' || names || ' (word, e, id) '
            || replace('{_WORD_ROWS.format(rows="@", column="search_names")}', '@', renamed);
        EXECUTE 'INSERT INTO ' || texts || ' (word, e, id) '
            || replace('{_WORD_ROWS.format(rows="@", column="search_text")}', '@', rewritten);
        -- (The names are part of the text.) In order, so that two imports at once take the
        -- same words' locks in the same order.
        EXECUTE 'INSERT INTO {VOCABULARY} (word) SELECT DISTINCT w FROM ' || rewritten
            || ' r, accmr_search_words_of(r.search_text) w ORDER BY w ON CONFLICT DO NOTHING';
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
        for words, column in (("search_word", "search_names"), ("text_word", "search_text")):
            words = f"{table}_{words}"
            execute(
                f'CREATE TABLE IF NOT EXISTS {words} (word text COLLATE "C" NOT NULL,'
                " e integer NOT NULL, id bigint NOT NULL, PRIMARY KEY (word, e, id))"
            )
            execute(f"CREATE INDEX IF NOT EXISTS {words}_id ON {words} (id)")
            execute(
                f"INSERT INTO {words} (word, e, id) {_WORD_ROWS.format(rows=table, column=column)}"
            )
            execute(f"ANALYZE {words}")
        execute(
            f"INSERT INTO {VOCABULARY} (word) SELECT DISTINCT word FROM {table}_text_word"
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
