"""Site-wide search: one box across organisations, services, municipalities, practices and the
toolkit's publications.

Each kind is searched in its normalised `search_text` column (see accmr.lib.text): every query
word must occur in it, in any order; the rows are ranked in SQL by where the words occur (exact
name, name starting with the query, all words in the names, the whole phrase in the text, words
anywhere), then by the length of the names, then by key (see the ranking's notes below). The
SQL is written here rather than built with the ORM: building five ranked querysets cost more
CPU than the rest of the page. A search costs one query for every kind at once (each kind's
rows shown, the services' providers and, until it is remembered, each kind's number of
matches), a second one for the kinds whose names hold fewer than ten matches, and one for the
suggestions when nothing is found (until they are remembered).
"""

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accmr.cache import cache_public_page, remember, remember_many
from accmr.lib.origin import site_origin
from accmr.lib.text import MAX_NAMES, MAX_QUERY_LENGTH, NAME_SEP, query_key, query_words
from accmr.lib.translated_fields import text_in_language
from bulletin.models import Publication
from members.models import Organisation, Service, ServiceCategory, ServiceStatus, Status
from network.models import GoodPractice, Municipality

RESULTS_PER_KIND = 10


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the portal"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        help_text=_("In Greek or in Latin letters, for example: νομική βοήθεια, nomiki voitheia."),
    )


@dataclass
class Hit:
    title: str
    url: str
    # The title's language when it is not the page's (a Greek name on an English page, an
    # English one on a Farsi page); "" otherwise.
    lang: str = ""
    context: str = ""


@dataclass
class Group:
    kind: str
    heading: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    more_url: str = ""


# The site search ranks a kind's matches (smaller first): the query is one of the names (0), a
# name starts with it (1), every word is in the names (2), the whole query is in the text (3),
# the words are only somewhere in the text (4); then shorter names first (the bar's position in
# `search_text` is the length of the names part), then the primary key.
#
# Ranking every match cost a broad query (a word in 6,000 of 47,000 services) 36 ms of SQL, each
# match read from the table and ranked. A kind with at most FEW matches (the number is remembered,
# see site_search) is still ranked that way. Otherwise each rank is a branch that reads at most
# `limit` rows in (name length, key) order, the branches joined by UNION ALL under one LIMIT and
# read in rank order, so that a branch runs only while the better ones have not filled the list.
# One query reads the ranks of the names (0 to 2); only when they hold fewer than `limit` rows
# does a second one read the ranks of the text (3 and 4), leaving out the rows already found.
# On PostgreSQL each branch is answered from an index (accmr migrations 0005 and 0006): the
# names' starts for ranks 0 and 1; for ranks 2 to 4 the words of the table's names (rank 2) or
# text (3 and 4): each query word's words found in the vocabulary, their records' keys in
# name-length order, each record checked in turn until `limit` pass. (Reading the (name
# length, key) index in order until ten records had the words walked up to 46,000 entries for
# a word only in long names; the text's trigrams named every record with the words, and each
# was read.) SQLite, and a stem of more than one word, read the table: for ranks 3 and 4 the
# first CAPPED rows in name-length order, then the rest. The rows and their order are those of
# ranking every match (tests/findability/test_search_ranking.py compares the two).
FEW = 200
CAPPED = 500
# The ranks read from words (PostgreSQL) take this many first rows from the table: a word in
# most names has its ten there (its keys would be thousands to sort); a rarer word's keys are
# few. Each first row is checked against the query (the text ones read the text).
WORDS_HEAD = 50
# PostgreSQL: every word of the searched tables (accmr migration 0006), for ranks 2 to 4.
WORDS_VOCABULARY = "accmr_search_vocabulary"


# A query's words (each as its alternative stems) and its key: worked out once per search, not
# once per kind (normalising a word is most of the Python a kind's SQL costs).
_Terms = tuple[list[list[str]], str]


def _terms(query: str) -> _Terms:
    return query_words(query), query_key(query)


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class _Ranking:
    """The SQL conditions of one query's ranks for one kind, on the alias `t`: PostgreSQL's in
    the form its indexes answer, SQLite's with the same meaning (no index needed at its scale).
    Each condition is (SQL, parameters)."""

    names_length = "length(t.search_names)"  # the bar's position in search_text
    order = "length(search_names), id"  # the (name length, key) index's order

    def __init__(self, kind: "Kind", query: str, terms: "_Terms | None" = None):
        self.kind = kind
        self.table = kind.model._meta.db_table
        self.postgres = connection.vendor == "postgresql"
        self.words, key = terms or _terms(query)
        self.match = self._every_word("t.search_text")
        self.in_names = self._every_word("t.search_names")
        self.start = self._name_is(key, start=True)
        self.exact = self._name_is(key, start=False)
        self.phrase = self._contains("t.search_text", key)
        # The whole query in the text is a match when each word's first stem is in it.
        self.phrase_is_match = all(stems[0] in key for stems in self.words)
        # …and a match is the whole query when that is one word of one stem.
        self.match_is_phrase = self.words == [[key]]

    def _contains(self, expression: str, text: str) -> tuple[str, list]:
        if self.postgres:  # LIKE, which the trigram indexes answer
            return f"{expression} LIKE %s", [f"%{_like(text)}%"]
        return f"instr({expression}, %s) > 0", [text]

    def _every_word(self, expression: str) -> tuple[str, list]:
        """Every query word (any of its stems) occurs in `expression`."""
        parts, params = [], []
        for alternatives in self.words:
            either = [self._contains(expression, stem) for stem in alternatives]
            parts.append("(" + " OR ".join(sql for sql, _ in either) + ")")
            params += [param for _, stem_params in either for param in stem_params]
        return " AND ".join(parts), params

    def _name_is(self, key: str, *, start: bool) -> tuple[str, list]:
        """One of the names is `key` (or, with `start`, starts with it)."""
        if not self.postgres:
            end = "" if start else f" {NAME_SEP}"
            return self._contains("t.search_names", f"{NAME_SEP} {key}{end}")
        # Split at " / ", the names part is ["/ name", "name", "name", "|"].
        parts, params = [], []
        for position in range(1, MAX_NAMES + 1):
            name = f"split_part(t.search_names, ' {NAME_SEP} ', {position})"
            value = f"{NAME_SEP} {key}" if position == 1 else key
            parts.append(f"{name} LIKE %s" if start else f"{name} = %s")
            params.append(f"{_like(value)}%" if start else value)
        return "(" + " OR ".join(parts) + ")", params

    def _branch(
        self,
        rank,
        rows: str,
        conditions,
        order: str,
        limit: int,
        *,
        late: bool = False,
        ordered_condition: tuple[str, str, tuple[str, list]] | None = None,
    ) -> tuple[str, list]:
        """SELECT rank, name length, key FROM `rows` WHERE published AND `conditions`.

        `late` (PostgreSQL): for a branch that orders every match, the kind's published
        condition on other tables (the services' provider) is checked on the rows in order,
        until `limit` pass, instead of on every row before they are ordered (99% pass).
        `ordered_condition`: (a column `c`, a condition on the ordered rows' r, e, id and c,
        the same as a condition on the rows: SQL, parameters), checked with the provider's
        when `late`, otherwise on the rows."""
        rank_sql, params = rank
        provider = self.kind.published_provider
        late = late and self.postgres  # (SQLite: no OFFSET without LIMIT)
        after, columns = [], ""
        if late and provider:
            after, columns = [provider], ", t.organisation_id"
        if late and ordered_condition:
            after.append(ordered_condition[1])
            columns += f", {ordered_condition[0]} AS c"
        elif ordered_condition:
            conditions = [*conditions, ordered_condition[2]]
        where = [self.kind.published]
        if provider and not after:
            where.append(provider)
        for sql, condition_params in conditions:
            where.append(sql)
            params = params + condition_params
        select = f"SELECT {rank_sql} AS r, {self.names_length} AS e, t.id AS id"
        where_sql = " AND ".join(where)
        if not after:
            sql = f"{select} FROM {rows} WHERE {where_sql} ORDER BY {order} LIMIT {int(limit)}"
            return sql, params
        # OFFSET 0: the ordered rows as they are, the conditions after it not pushed into them.
        ordered = f"{select}{columns} FROM {rows} WHERE {where_sql} ORDER BY {order} OFFSET 0"
        sql = f"SELECT r, e, id FROM ({ordered}) t WHERE {' AND '.join(after)} LIMIT {int(limit)}"
        return sql, params

    @staticmethod
    def _union(branches, limit: int) -> tuple[str, list]:
        """The branches in order, at most `limit` rows in all."""
        selects = [f"SELECT * FROM ({sql}) b{number}" for number, (sql, _) in enumerate(branches)]
        params = [param for _, branch_params in branches for param in branch_params]
        return " UNION ALL ".join(selects) + f" LIMIT {int(limit)}", params

    def every_match(self, limit: int) -> tuple[str, list]:
        """Every match ranked at once (for a few)."""
        (exact, exact_params), (start, start_params) = self.exact, self.start
        (in_names, in_names_params), (phrase, phrase_params) = self.in_names, self.phrase
        rank = (
            f"CASE WHEN {exact} THEN 0 WHEN {start} THEN 1 WHEN {in_names} THEN 2"
            f" WHEN {phrase} THEN 3 ELSE 4 END",
            exact_params + start_params + in_names_params + phrase_params,
        )
        return self._branch(rank, f"{self.table} t", [self.match], "r, e, id", limit)

    def names_ranks(self, limit: int) -> tuple[str, list]:
        """Ranks 0 to 2: a name is the query or starts with it; every word is in the names
        (which makes a match)."""
        exact, exact_params = self.exact
        not_start = (f"NOT {self.start[0]}", self.start[1])
        table = f"{self.table} t"
        rank01 = (f"CASE WHEN {exact} THEN 0 ELSE 1 END", exact_params)
        # A name that starts with the query holds the whole query: a match when the phrase is
        # (the condition left out is one less for the planner to weigh).
        start = [self.start] if self.phrase_is_match else [self.match, self.start]
        in_names = self._in_names_from_words(not_start, limit)
        if in_names is None:
            in_names = self._branch(("2", []), table, [self.in_names, not_start], "e, id", limit)
        return self._union([self._branch(rank01, table, start, "r, e, id", limit), in_names], limit)

    def _in_names_from_words(self, not_start, limit: int) -> tuple[str, list] | None:
        """Rank 2 (every word in the names, not starting with the query) from the words of the
        table's names (PostgreSQL, accmr migration 0006). None where the words cannot answer."""
        keys = self._keys_from_words("search_word")
        if keys is None:
            return None
        return self._checked(keys, [(2, [self.in_names, not_start])], limit, text=False)

    def _keys_from_words(self, words: str) -> tuple[str, list] | None:
        """The (name length, key) of the records whose `words` (the word table `<table>_words`:
        of the names, or of the whole text) hold every query word, in that order: each query
        word's stems find their words in the vocabulary, those words the records. None where
        the words cannot answer (SQLite; a stem of more than one word)."""
        if not self.postgres:
            return None
        selects, params = [], []
        for alternatives in self.words:
            either = []
            for stem in alternatives:
                word = stem.removeprefix(" ")  # " ab": a word that starts with "ab"
                if not word or any(character.isspace() for character in word):
                    return None
                either.append(f"{_like(word)}%" if word != stem else f"%{_like(word)}%")
            vocabulary = " OR ".join(["v.word LIKE %s"] * len(either))
            selects.append(
                f"SELECT x.e, x.id FROM {self.table}_{words} x WHERE x.word IN"
                f" (SELECT v.word FROM {WORDS_VOCABULARY} v WHERE {vocabulary})"
            )
            params += either
        # INTERSECT keeps a record once; a single word's select is made distinct the same way.
        if len(selects) == 1:
            selects[0] = selects[0].replace("SELECT", "SELECT DISTINCT", 1)
        keys = " INTERSECT ".join(selects)
        # Past the first WORDS_HEAD rows in name-length order, which are read from the table.
        past_first = f"(e, id) > {self._first_rows_end(WORDS_HEAD)}"
        return f"SELECT e, id FROM ({keys}) k WHERE {past_first} ORDER BY e, id", params

    def _first_rows(self, rows: int, *, text: bool = True) -> str:
        """The table's first `rows` rows in name-length order, with the columns the ranks'
        conditions read (without `text`, the names only: from the name-length index alone),
        as the alias `t`."""
        read = ["search_text"] if text else []
        columns = ", ".join(["id", *read, "search_names", *self.kind.published_columns])
        return f"(SELECT {columns} FROM {self.table} ORDER BY {self.order} LIMIT {int(rows)}) t"

    def _first_rows_end(self, rows: int) -> str:
        """(name length, key) of the last of the first `rows` rows (NULL for fewer rows)."""
        order, offset = self.order, int(rows) - 1
        return f"(SELECT {order} FROM {self.table} ORDER BY {order} LIMIT 1 OFFSET {offset})"

    def _checked(
        self, keys: tuple[str, list], ranks, limit: int, *, text: bool
    ) -> tuple[str, list]:
        """For each (rank, conditions) of `ranks`, best first: the first `limit` records in
        name-length order that are published and meet the conditions, at most `limit` rows in
        all; from the table's first WORDS_HEAD rows, then from `keys` (those past them, in their
        order). The keys are read once, and only when the first rows hold too few; each
        rank's records are checked in key order until `limit` pass. (The check is a scalar
        subquery, run for each key in turn: as EXISTS, PostgreSQL made it a semi-join and read
        every record that meets the conditions first, 1,200 for "paidia", by their trigrams.)"""
        keys_sql, params = keys
        provider = self.kind.published_provider
        branches = []
        for rank, conditions in ranks:
            sql = " AND ".join([self.kind.published, *(sql for sql, _ in conditions)])
            condition_params = [param for _, more in conditions for param in more]
            select = f"SELECT {int(rank)} AS r"
            # The first WORDS_HEAD rows in order, read from the table (a common word, one in
            # most names, has its ten there; its keys would be thousands to sort), stopped by
            # the LIMIT: every condition is on the row or a subquery per row, so nothing
            # reorders them.
            head = f"{sql} AND {_scalar(provider)}" if provider else sql
            branches.append(
                (
                    f"{select}, {self.names_length} AS e, t.id AS id"
                    f" FROM {self._first_rows(WORDS_HEAD, text=text)}"
                    f" WHERE {head} LIMIT {int(limit)}",
                    condition_params,
                )
            )
            # Then the keys past them, each record checked in turn.
            tail = f"{sql} AND {provider}" if provider else sql
            branches.append(
                (
                    f"{select}, k.e AS e, k.id AS id FROM k WHERE (SELECT true FROM"
                    f" {self.table} t WHERE t.id = k.id AND {tail}) LIMIT {int(limit)}",
                    condition_params,
                )
            )
        union, union_params = self._union(branches, limit)
        # The keys once for every rank, in their order (a CTE keeps the order it is read in).
        return f"WITH k AS MATERIALIZED ({keys_sql}) {union}", params + union_params

    def text_ranks(self, limit: int, found: list[int]) -> tuple[str, list]:
        """Ranks 3 and 4, leaving out the rows `found` in ranks 0 to 2 (all of them)."""
        phrase, phrase_params = self.phrase
        rank3 = [] if self.phrase_is_match else [self.match]
        rank3.append(self.phrase)
        others = []
        if found:
            placeholders = ", ".join(["%s"] * len(found))
            others.append((f"t.id NOT IN ({placeholders})", found))
        keys = self._keys_from_words("text_word")
        if keys is not None:
            # The matches from the words of the text, in name-length order; rank 3 (the whole
            # query in the text) read from them first, then rank 4 (the rest).
            ranks = [(3, [*rank3, *others])]
            if not self.match_is_phrase:
                ranks.append((4, [self.match, (f"NOT {phrase}", phrase_params), *others]))
            return self._checked(keys, ranks, limit, text=True)
        # Rank 3 is read in name-length order from the first CAPPED rows, then, if those hold
        # too few, the rest at once (a bitmap of the text's trigrams): words only in the text
        # are often those of long-named records (a category's), and reading the table in order
        # up to them cost more than that.
        first = self._first_rows(CAPPED)
        # `+ 0`: a condition on the rows, not a range of the index (reading the range cost
        # more than the rows), and an order the index does not give, which would read every
        # row before these again.
        past_first = f"({self.names_length} + 0, t.id) > {self._first_rows_end(CAPPED)}"
        table = f"{self.table} t"
        branches = [self._branch(("3", []), first, [*rank3, *others], "e, id", limit)]
        if self.match_is_phrase:  # no rank 4
            rest = [*rank3, *others, (past_first, [])]
            order = f"{self.names_length} + 0, id"
            branches.append(self._branch(("3", []), table, rest, order, limit, late=True))
        else:
            # The rest of rank 3 and all of rank 4 in one reading of the matches (their bitmaps
            # are alike: the phrase's trigrams are its words'), rather than one reading each.
            # On PostgreSQL the rank-3 rows of the first CAPPED are left out after ordering, by
            # the rank worked out once (the phrase's LIKE: 2.5 µs a service).
            rank = (f"CASE WHEN {phrase} THEN 3 ELSE 4 END", phrase_params)
            rest = [self.match, *others]
            leave_out = (f"(NOT {phrase} OR {past_first})", phrase_params)
            after = (past_first, "(r = 4 OR c)", leave_out)
            branches.append(
                self._branch(
                    rank, table, rest, "r, e, id", limit, late=True, ordered_condition=after
                )
            )
        return self._union(branches, limit)

    def count(self) -> tuple[str, list]:
        sql, params = self.match
        published = " AND ".join(filter(None, [self.kind.published, self.kind.published_provider]))
        return f"SELECT count(*) AS n FROM {self.table} t WHERE {published} AND {sql}", params


# Every kind's rows come in the same columns, so that the kinds are read in one statement: the
# kind's number, rank, name length, then the hit's columns (`Kind.fields`, then the provider's),
# padded with NULL to WIDTH, then the number of matches (NULL when it is not counted).
WIDTH = 6
# PostgreSQL: for `LIKE '%stem%'` on a trigram index, an index scan beats a parallel sequential
# scan even at 10% of rows; PostgreSQL's defaults (random_page_cost 4, for spinning disks) pick
# the scan. No parallel plans: a parallel Append would not read the ranking's branches in order.
# Sent with the search's statement, in one string: in autocommit, the statements of one string
# are one transaction, so SET LOCAL lasts for that statement alone (within a transaction, to its
# end); one round trip instead of BEGIN, SET LOCAL and COMMIT. (Needs the client-side binding of
# Django's default psycopg cursor: the server's does not take several statements.)
_PLANNER = "SET LOCAL random_page_cost = 1.1; SET LOCAL max_parallel_workers_per_gather = 0; "


def _scalar(exists: str) -> str:
    """`EXISTS (SELECT 1 FROM …)` as a scalar subquery (true, or NULL for no row), which
    PostgreSQL runs for each row in turn instead of joining."""
    assert exists.startswith("EXISTS (SELECT 1 FROM "), exists
    return "(SELECT true FROM " + exists.removeprefix("EXISTS (SELECT 1 FROM ")


def _select(number: int, kind: "Kind", ranked: tuple[str, list], count) -> tuple[str, list]:
    """`ranked`'s rows of `kind` in the shared columns, with the result of `count` when given
    (one row with the count alone when nothing is ranked)."""
    table = kind.model._meta.db_table
    columns = [f"t.{name}" for name in kind.fields]
    columns += [f"p.{name}" for name in kind.provider_fields]
    columns += ["NULL"] * (WIDTH - len(columns))
    named = ", ".join(f"{column} AS c{n}" for n, column in enumerate(columns))
    joins = ""
    if kind.provider_fields:
        joins = f" JOIN {Organisation._meta.db_table} p ON p.id = t.organisation_id"
    sql = f"SELECT r.r, r.e, {named} FROM ({ranked[0]}) r JOIN {table} t ON t.id = r.id{joins}"
    if count:
        sql = f"SELECT {number} AS k, x.*, c.n FROM ({count[0]}) c LEFT JOIN ({sql}) x ON 1 = 1"
        return sql, count[1] + ranked[1]
    return f"SELECT {number} AS k, x.*, NULL AS n FROM ({sql}) x", ranked[1]


def _read(selects: list[tuple[str, list]]) -> dict[int, tuple[list, int | None]]:
    """The rows of each `_select()`, by kind number, in one statement: (rank, name length, the
    hit's columns…) best first, and the number of matches (None when it is not counted)."""
    sql = " UNION ALL ".join(select for select, _ in selects)
    params = [param for _, select_params in selects for param in select_params]
    if connection.vendor == "postgresql":
        sql = _PLANNER + sql
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while cursor.description is None and cursor.nextset():  # past the SET LOCALs
            pass
        rows = cursor.fetchall()
    read: dict[int, tuple[list, int | None]] = {}
    for row in rows:
        kind_rows, total = read.setdefault(row[0], ([], row[-1]))
        if row[1] is not None:  # a row of the count alone otherwise
            kind_rows.append(row[1:-1])
    for kind_rows, _total in read.values():
        # The branches come in rank order; sorted again here, which costs nothing for ten rows.
        kind_rows.sort(key=lambda row: (row[0], row[1], row[2]))
    return read


class _Record(SimpleNamespace):
    """A hit's columns by their attribute names (as the model's), without building a model
    instance (twenty a page, with modeltranslation's set-up of each, cost more than their SQL)."""

    @property
    def pk(self):
        return self.id


def _records(kind: "Kind", rows: list) -> list[_Record]:
    end = 2 + len(kind.fields)
    records = []
    for row in rows:
        record = _Record(**dict(zip(kind.fields, row[2:end], strict=True)))
        if kind.provider_fields:
            values = row[end : end + len(kind.provider_fields)]
            record.organisation = _Record(**dict(zip(kind.provider_fields, values, strict=True)))
        records.append(record)
    return records


def _best_of_kinds(
    kinds: list[tuple["Kind", int | None]],
    query: str,
    limit: int,
    *,
    terms: _Terms | None = None,
) -> tuple[list[tuple[list[_Record], int]], int]:
    """Each kind's best `limit` matches for `query` (records with the columns of `Kind.fields`,
    and the provider's as `organisation`, best first) with its number of matches (the `total`
    given with the kind when it is known; counted with the first rows otherwise), and the
    number of queries made: one for every kind's first rows (none when every kind is known to
    have no match), and a second one for the ranks of the text of the kinds whose ranks of
    the names hold fewer than `limit` rows. A kind known to have at most FEW matches is
    ranked all at once."""
    terms = terms or _terms(query)
    rankings = [_Ranking(kind, query, terms) for kind, _total in kinds]
    whole = [total is not None and total <= FEW for _kind, total in kinds]
    selects = []
    for number, ((kind, total), ranking) in enumerate(zip(kinds, rankings, strict=True)):
        if total == 0:  # known to have no match: nothing to read (nor to plan)
            continue
        ranked = ranking.every_match(limit) if whole[number] else ranking.names_ranks(limit)
        count = ranking.count() if total is None else None
        selects.append(_select(number, kind, ranked, count))
    read = _read(selects) if selects else {}
    queries = 1 if selects else 0
    results, selects = [], []
    for number, (kind, total) in enumerate(kinds):
        rows, counted = read.get(number, ([], None))  # no row: none ranked, none counted
        total = counted if total is None else total
        results.append((rows, total))
        if not whole[number] and len(rows) < min(limit, total):
            # Fewer than `limit` rows in ranks 0 to 2: all of them are here.
            found = [row[2] for row in rows]
            ranked = rankings[number].text_ranks(limit - len(rows), found)
            selects.append(_select(number, kind, ranked, None))
    if selects:
        for number, (more, _total) in _read(selects).items():
            results[number][0].extend(more)
        queries += 1
    best = [
        (_records(kind, rows), total)
        for (kind, _known), (rows, total) in zip(kinds, results, strict=True)
    ]
    return best, queries


def _title(obj, field_name: str, language: str) -> tuple[str, str]:
    """The title in the visitor's language (or its fallback), and the language it is in when
    that is not the page's ("" otherwise)."""
    title, shown = text_in_language(obj, field_name, language)
    return title, "" if shown == language[:2] else shown


def _reversed(name: str, language: str, *, slug: bool) -> tuple[str, str]:
    """The URL of `name` in `language` (the active one), as (before, after) the slug when it
    takes one: reversed once per URL configuration, not for each hit."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed_once(name, slug, language, get_script_prefix(), urlconf)


@functools.lru_cache(maxsize=256)
def _reversed_once(name: str, slug: bool, *key) -> tuple[str, str]:
    if not slug:
        return reverse(name), ""
    before, after = reverse(name, kwargs={"slug": _SLUG_MARK}).split(_SLUG_MARK)
    return before, after


_SLUG_MARK = "slug-mark"
# What the URLs' <slug:> converter matches, which reverse() puts in the URL as it is.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


def _detail_url(name: str, slug: str, language: str) -> str:
    """reverse(name, kwargs={"slug": slug}), the record's get_absolute_url(); `language`: the
    active one."""
    if not _PLAIN_SLUG.match(slug):
        return reverse(name, kwargs={"slug": slug})
    before, after = _reversed(name, language, slug=True)
    return f"{before}{slug}{after}"


def _page_url(name: str) -> str:
    """reverse(name)."""
    return _reversed(name, get_language() or "", slug=False)[0]


def _list_url(name: str, query: str) -> str:
    return f"{_page_url(name)}?{urlencode({'q': query})}"


def site_search(query: str, *, limit: int = RESULTS_PER_KIND) -> list[Group]:
    """The results for `query`, grouped by kind, in the active language.

    The number of matches of each kind is remembered until content changes (DATA_CACHE_SECONDS,
    as the lists' counts): counting every match is what still reads every matching row.
    """
    terms = _terms(query)
    words = terms[0]
    if not words:
        return []
    digest = hashlib.sha256(repr(words).encode()).hexdigest()[:32]
    names = {kind.name: f"search-count:{kind.name}:{digest}" for kind in KINDS}
    seconds = settings.DATA_CACHE_SECONDS
    totals = remember_many(names, lambda missing: {}, seconds=seconds)
    groups, counted = _site_search(query, terms, limit, totals)
    if counted:
        remember_many(
            {kind: names[kind] for kind in counted},
            lambda missing: {kind: counted[kind] for kind in missing},
            seconds=seconds,
        )
    return groups


@dataclass(frozen=True)
class Kind:
    """One kind of result: where its rows come from and how a hit is shown."""

    name: str
    heading: Promise
    model: type[Model]
    # SQL on the alias `t`: the rows a visitor may see (the model's published()), on the row
    # itself (and `published_provider` below, for services).
    published: str
    published_columns: tuple[str, ...]  # the columns `published` reads
    # The columns a hit needs: the key, the slug, the title in Greek and English, then any
    # other (as the same column of every kind, see WIDTH).
    fields: tuple[str, ...]
    title_field: str
    detail_url: str  # the name of the record's page (its get_absolute_url()), by slug
    more_url: Callable[[str], str]  # the query -> the page with every result of this kind
    context: Callable[[object, str], str] = lambda obj, language: ""  # the line after the title
    # The provider's columns after the hit's, for services (read with the ten rows shown:
    # joining every matching service to its organisation before ranking would cost more than
    # the ranking).
    provider_fields: tuple[str, ...] = ()
    published_provider: str = ""  # the part of `published` on the provider, if any


def _provider(service: Service, language: str) -> str:
    return _title(service.organisation, "name", language)[0]


_PUBLISHED = f"t.status = '{Status.PUBLISHED}'"

KINDS = (
    Kind(
        "organisations",
        _("Organisations"),
        Organisation,
        _PUBLISHED,
        ("status",),
        ("id", "slug", "name_el", "name_en", "short_name"),
        "name",
        "members:organisation_detail",
        lambda query: _list_url("members:organisation_list", query),
        context=lambda organisation, language: organisation.short_name,
    ),
    Kind(
        "services",
        _("Services"),
        Service,
        f"t.status IN ('{ServiceStatus.PUBLISHED}', '{ServiceStatus.CLOSED}')",
        ("status", "organisation_id"),
        ("id", "slug", "name_el", "name_en"),
        "name",
        "members:service_detail",
        lambda query: _list_url("members:service_list", query),
        context=_provider,
        provider_fields=("name_el", "name_en"),
        published_provider=(
            f"EXISTS (SELECT 1 FROM {Organisation._meta.db_table} o"
            f" WHERE o.id = t.organisation_id AND o.status = '{Status.PUBLISHED}')"
        ),
    ),
    Kind(
        "municipalities",
        _("Cities Network"),
        Municipality,
        _PUBLISHED,
        ("status",),
        ("id", "slug", "name_el", "name_en"),
        "name",
        "network:municipality_detail",
        lambda query: _page_url("network:index"),
    ),
    Kind(
        "practices",
        _("Good practices"),
        GoodPractice,
        _PUBLISHED,
        ("status",),
        ("id", "slug", "title_el", "title_en"),
        "title",
        "network:practice_detail",
        lambda query: _list_url("network:practice_list", query),
    ),
    Kind(
        "publications",
        _("Toolkit"),
        Publication,
        f"t.state = '{Publication.State.PUBLISHED}'",
        ("state",),
        ("id", "slug", "title_el", "title_en"),
        "title",
        "bulletin:publication_detail",
        lambda query: _list_url("bulletin:publication_list", query),
    ),
)


def _site_search(
    query: str, terms: _Terms, limit: int, totals: dict[str, int]
) -> tuple[list[Group], dict[str, int]]:
    """The groups, and the numbers of matches counted (those not in `totals`)."""
    active = get_language()
    language = active or "el"
    groups, counted = [], {}
    kinds = [(kind, totals.get(kind.name)) for kind in KINDS]
    best, _ = _best_of_kinds(kinds, query, limit, terms=terms)
    for kind, (records, total) in zip(KINDS, best, strict=True):
        if kind.name not in totals:
            counted[kind.name] = total
        group = Group(kind.name, str(kind.heading), total, more_url=kind.more_url(query))
        for record in records:
            title, lang = _title(record, kind.title_field, language)
            url = _detail_url(kind.detail_url, record.slug, active or "")
            group.hits.append(Hit(title, url, lang, kind.context(record, language)))
        groups.append(group)
    return groups, counted


def suggestions() -> list[dict]:
    """Top-level service categories, each linking to the filtered list of services: the same
    for every search in a language, so remembered until content changes."""
    return remember(
        f"search-suggestions:{get_language()}",
        _suggestions,
        seconds=settings.DATA_CACHE_SECONDS,
    )


def _suggestions() -> list[dict]:
    base = reverse("members:service_list")
    return [
        {"name": category.display_name, "url": f"{base}?{urlencode({'category': category.slug})}"}
        for category in ServiceCategory.objects.filter(parent__isnull=True).order_by(
            "order", "slug"
        )
    ]


def cached_site_search(query: str) -> list[Group]:
    """`site_search()`, remembered for SEARCH_CACHE_SECONDS per language and query.

    Popular searches repeat; a short lifetime keeps new records findable within a minute.
    """
    seconds = settings.SEARCH_CACHE_SECONDS
    if not seconds:
        return site_search(query)
    digest = hashlib.sha256(query.encode()).hexdigest()
    key = f"search:v1:{get_language()}:{digest}"
    groups = cache.get(key)
    if groups is None:
        groups = site_search(query)
        cache.set(key, groups, seconds)
    return groups


@require_safe
@cache_public_page
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = ""
    problem = ""
    groups: list[Group] = []
    if not form.is_valid():
        problem = " ".join(str(error) for error in form.errors.get("q", []))
    else:
        query = form.cleaned_data["q"]
        if query and not query_words(query):
            problem = str(
                _(
                    "Your search has no words we can look for. Try a name, a kind of service "
                    "or a place, or choose a category below."
                )
            )
        elif query:
            groups = cached_site_search(query)
    total = sum(group.total for group in groups)
    context = {
        "form": form,
        "query": query,
        "problem": problem,
        "groups": [group for group in groups if group.total],
        "total": total,
        "suggestions": suggestions() if not total else [],
        "share_url": site_origin(request) + request.get_full_path(),
    }
    return render(request, "accmr/search.html", context)
