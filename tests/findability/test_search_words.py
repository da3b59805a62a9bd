"""The words of each searched table's names, kept by PostgreSQL's triggers (accmr migration
0006), and the site search's rank "every word in the names" read from them.

Whatever writes the rows (save(), bulk_create(), update(), delete(), TRUNCATE), a record's
words are those of its names: a rank read from stale words would miss records.
"""

import os

import pytest
from django.db import connection

from accmr import search
from accmr.lib.text import normalise
from members.models import Service, ServiceStatus
from network.models import GoodPractice
from tests.factories import make_organisation, make_practice, make_service

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the word tables exist only on PostgreSQL (CI runs there)",
    ),
]


def words_of(model, words: str = "search_word") -> dict[int, set[str]]:
    """A table's words by record, from the word table of its names or (`text_word`) text."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, word, e FROM {table}_{words}")
        rows = cursor.fetchall()
        cursor.execute(f"SELECT id, length(search_names) FROM {table}")
        lengths = dict(cursor.fetchall())
    words: dict[int, set[str]] = {}
    for key, word, length in rows:
        assert lengths.get(key) == length, (key, word)  # the record's, and its names' length
        words.setdefault(key, set()).add(word)
    return words


def expected(model, column: str = "search_names") -> dict[int, set[str]]:
    return {
        key: set(text.split()) - {"/", "|"} for key, text in model.objects.values_list("pk", column)
    }


def both_kept(model) -> bool:
    return words_of(model) == expected(model) and words_of(model, "text_word") == expected(
        model, "search_text"
    )


def vocabulary() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT word FROM {search.WORDS_VOCABULARY}")
        return {row[0] for row in cursor.fetchall()}


def test_every_way_of_writing_rows_keeps_their_words():
    organisation = make_organisation(name="Κέντρο Αλληλεγγύης")
    service = make_service(
        name="Νομική συμβουλευτική", organisation=organisation, description="Ραντεβού."
    )
    assert both_kept(Service)
    assert normalise("Ραντεβού") in words_of(Service, "text_word")[service.pk]
    assert normalise("Ραντεβού") not in words_of(Service)[service.pk]
    assert set(normalise("Νομική συμβουλευτική").split()) <= words_of(Service)[service.pk]
    assert set(normalise("Νομική Κέντρο Αλληλεγγύης").split()) <= vocabulary()

    # A new name: the old words go, the new ones come (and join the vocabulary).
    service.name_el = "Διερμηνεία"
    service.save()
    assert normalise("Νομική") not in words_of(Service)[service.pk]
    assert normalise("Διερμηνεία") in words_of(Service)[service.pk]
    assert normalise("Διερμηνεία") in vocabulary()

    # Many rows at once, without save(): bulk_create() and update().
    bulk = [
        Service(
            name_el=f"Μαθήματα ελληνικών {n}",
            slug=f"bulk-{n}",
            organisation=organisation,
            category=service.category,
            status=ServiceStatus.PUBLISHED,
        )
        for n in range(3)
    ]
    for row in bulk:
        row.search_text = row.build_search_text()
    Service.objects.bulk_create(bulk)
    assert both_kept(Service)
    Service.objects.filter(slug__startswith="bulk-").update(
        search_text="/ stegasi oikogenion / | keimeno"
    )
    assert both_kept(Service)
    assert {row.pk for row in Service.objects.filter(search_names__contains="stegasi")} == {
        key for key, words in words_of(Service).items() if "stegasi" in words
    }
    # An update that leaves the names alone leaves the words.
    Service.objects.update(status=ServiceStatus.CLOSED)
    assert both_kept(Service)
    # A new text under the same names: the text's words follow, the names' stay.
    Service.objects.filter(slug="bulk-1").update(search_text="/ stegasi oikogenion / | alo")
    assert both_kept(Service)

    Service.objects.filter(pk=service.pk).delete()
    assert service.pk not in words_of(Service)
    assert service.pk not in words_of(Service, "text_word")
    assert both_kept(Service)


def test_an_update_that_leaves_the_text_leaves_the_words_and_a_new_key_moves_them():
    service = make_service(name="Νομική συμβουλευτική")
    make_service(name="Διερμηνεία")

    def places():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT ctid::text FROM members_service_search_word"
                " UNION ALL SELECT ctid::text FROM members_service_text_word"
            )
            return sorted(row[0] for row in cursor.fetchall())

    before = places()
    Service.objects.update(status=ServiceStatus.CLOSED)  # every row, no text changed
    assert places() == before  # not one word row written again
    assert both_kept(Service)

    old_key = service.pk
    Service.objects.filter(pk=old_key).update(id=old_key + 1000)
    assert old_key not in words_of(Service) and old_key not in words_of(Service, "text_word")
    assert normalise("Νομική") in words_of(Service)[old_key + 1000]
    assert both_kept(Service)


def test_a_truncated_table_loses_its_words():
    make_practice(title="Στέγαση στην πόλη")
    assert words_of(GoodPractice) and words_of(GoodPractice, "text_word")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # (the test's transaction)
        cursor.execute(f"TRUNCATE {GoodPractice._meta.db_table} CASCADE")
    assert words_of(GoodPractice) == words_of(GoodPractice, "text_word") == {}
    # A table emptied by the TRUNCATE of another (CASCADE) loses its words too.
    make_service(name="Νομική συμβουλευτική")
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE members_organisation CASCADE")
    assert words_of(Service) == words_of(Service, "text_word") == {}


def test_the_rank_of_the_names_reads_the_words_and_checks_the_records(monkeypatch):
    monkeypatch.setattr(search, "WORDS_HEAD", 1)  # all but the first row from the words
    centre = make_organisation(name="Κέντρο")
    short = make_service(name="Νομική βοήθεια", organisation=centre)
    longer = make_service(name="Δωρεάν νομική βοήθεια για οικογένειες", organisation=centre)
    make_service(name="Νομική βοήθεια πρόχειρη", organisation=centre, status=ServiceStatus.DRAFT)
    make_service(name="Βοήθεια", organisation=centre, description="Νομική.")
    kind = next(kind for kind in search.KINDS if kind.name == "services")
    ranking = search._Ranking(kind, "voitheia nomiki")
    sql, _params = ranking.names_ranks(10)
    assert "members_service_search_word" in sql
    [(records, total)], _ = search._best_of_kinds([(kind, 10**6)], "voitheia nomiki", 10)
    # Neither name starts with the query: both are in rank 2, the shorter first; the draft is
    # not shown, and the record with one word only in its text comes after (rank 4).
    assert [record.pk for record in records][:2] == [short.pk, longer.pk]
    assert len(records) == 3

    # A word that is not in its record's names (written around the triggers) shows nothing:
    # the records the words give are checked.
    other = make_service(name="Άλλο", organisation=centre)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO members_service_search_word (word, e, id) VALUES (%s, %s, %s)",
            [normalise("Νομική"), 1, other.pk],
        )
    [(again, _total)], _ = search._best_of_kinds([(kind, 10**6)], "nomiki", 10)
    assert other.pk not in [record.pk for record in again]
    assert {short.pk, longer.pk} <= {record.pk for record in again}


def test_a_short_word_finds_the_words_it_starts(monkeypatch):
    monkeypatch.setattr(search, "WORDS_HEAD", 1)
    centre = make_organisation(name="Κέντρο")
    twelve = make_service(name="Υπηρεσία 12", organisation=centre)
    make_service(name="Υπηρεσία 112", organisation=centre)
    kind = next(kind for kind in search.KINDS if kind.name == "services")
    [(records, _total)], _ = search._best_of_kinds([(kind, 10**6)], "ypiresia 12", 10)
    assert [record.pk for record in records] == [twelve.pk]


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_the_words_are_read_from_their_indexes_and_the_records_checked_one_by_one():
    kind = next(kind for kind in search.KINDS if kind.name == "services")
    ranking = search._Ranking(kind, "nomiki voitheia")
    names = _plan(*ranking.names_ranks(10))
    text = _plan(*ranking.text_ranks(10, [1, 2]))
    assert "members_service_search_word_pkey" in names, names
    assert "members_service_text_word_pkey" in text, text
    # Each key's record is checked in key order (a subplan per key, stopped by the limit),
    # not joined to every record that meets the conditions.
    for plan in (names, text):
        assert "SubPlan" in plan and "Semi Join" not in plan, plan


def test_a_word_in_most_names_is_read_from_the_first_rows_without_its_keys():
    # Ten of the first rows in name-length order have the word: its keys (thousands, for a
    # word in most names) are never read or sorted.
    centre = make_organisation(name="Κέντρο")
    for n in range(12):
        make_service(name=f"Κέντρο στέγασης {n}", organisation=centre)
    kind = next(kind for kind in search.KINDS if kind.name == "services")
    sql, params = search._Ranking(kind, "stegasi").names_ranks(10)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    [keys] = [line for line in plan.splitlines() if "CTE Scan on k" in line]
    assert "never executed" in keys, plan
    [(records, _total)], _ = search._best_of_kinds([(kind, 10**6)], "stegasi", 10)
    assert [record.organisation.name_el for record in records] == ["Κέντρο"] * 10
