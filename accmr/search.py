"""Site-wide search: one box across organisations, services, municipalities, practices and the
toolkit's publications.

Each kind is one SQL query on its normalised `search_text` column (see accmr.lib.text):
every query word must occur in it, in any order; the rows are ranked in SQL by where the
words occur (exact name, name starting with the query, all words in the name, the whole
phrase in the text, words anywhere) and the total comes from a window count in the same
query. So a search costs one query per kind whatever the data (KINDS), one more for the providers
of the services shown, and one for suggestions when nothing is found.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Q, QuerySet, Value, When, Window
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan, LessThan
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from accmr.cache import cache_public_page
from accmr.lib.origin import site_origin
from accmr.lib.text import (
    BODY_SEP,
    MAX_QUERY_LENGTH,
    NAME_SEP,
    query_key,
    query_words,
    search_q,
)
from accmr.lib.translated_fields import text_in_language
from bulletin.models import Publication
from members.models import Organisation, Service, ServiceCategory
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


def ranked(queryset: QuerySet, query: str) -> QuerySet:
    """`queryset` narrowed to rows matching every word of `query`, best matches first.

    Adds `search_rank` (0 = exact name … 4 = words only in the text) and `search_total`
    (the number of matching rows, the same on every row). Empty when nothing useful is asked.

    The names are the part of `search_text` before the bar, and only they contain the name
    separator (see search_document), so every rank is a LIKE or a STRPOS on the stored column:
    no substring is cut per row, which keeps broad queries (thousands of matches) cheap.
    """
    condition = search_q(query)
    if condition is None:
        return queryset.none()
    key = query_key(query)
    names_end = StrIndex("search_text", Value(BODY_SEP))
    words_in_name = Q()
    for alternatives in query_words(query):
        either = Q()
        for stem in alternatives:
            # The first occurrence is in the names when it comes before the bar.
            position = StrIndex("search_text", Value(stem))
            either |= Q(GreaterThan(position, 0), LessThan(position, names_end))
        words_in_name &= either
    rank = Case(
        When(search_text__contains=f"{NAME_SEP} {key} {NAME_SEP}", then=Value(0)),
        When(search_text__contains=f"{NAME_SEP} {key}", then=Value(1)),
        When(words_in_name, then=Value(2)),
        When(search_text__contains=key, then=Value(3)),
        default=Value(4),
        output_field=IntegerField(),
    )
    return (
        queryset.filter(condition)
        .annotate(search_rank=rank, search_total=Window(Count("pk")))
        # Shorter names first: the bar's position is the length of the names part.
        .order_by("search_rank", names_end, "pk")
    )


def _title(obj, field_name: str, language: str) -> tuple[str, str]:
    """The title in the visitor's language (or its fallback), and the language it is in when
    that is not the page's ("" otherwise)."""
    title, shown = text_in_language(obj, field_name)
    return title, "" if shown == language[:2] else shown


def _list_url(name: str, query: str) -> str:
    return f"{reverse(name)}?{urlencode({'q': query})}"


def site_search(query: str, *, limit: int = RESULTS_PER_KIND) -> list[Group]:
    """The results for `query`, grouped by kind, in the active language."""
    if connection.vendor != "postgresql":
        return _site_search(query, limit=limit)
    with transaction.atomic(savepoint=False):
        # For `LIKE '%stem%'` on a trigram index, an index scan beats a parallel sequential
        # scan even at 10% of rows; PostgreSQL's defaults (random_page_cost 4, for spinning
        # disks) pick the scan. The count of every match (a window over them) spilled the
        # matched rows to disk with the default work_mem of 4 MB when a word matched 6,000
        # services at 50,000 (42 ms instead of 17). SET LOCAL: only for these read-only queries.
        with connection.cursor() as cursor:
            cursor.execute(
                "SET LOCAL random_page_cost = 1.1; SET LOCAL max_parallel_workers_per_gather = 0;"
                " SET LOCAL work_mem = '32MB'"
            )
        return _site_search(query, limit=limit)


@dataclass(frozen=True)
class Kind:
    """One kind of result: where its rows come from and how a hit is shown."""

    name: str
    heading: Promise
    rows: Callable[[], QuerySet]  # published rows, only the columns a hit needs
    title_field: str
    more_url: Callable[[str], str]  # the query -> the page with every result of this kind
    context: Callable[[object, str], str] = lambda obj, language: ""  # the line after the title


def _provider(service: Service, language: str) -> str:
    return _title(service.organisation, "name", language)[0]


KINDS = (
    Kind(
        "organisations",
        _("Organisations"),
        lambda: Organisation.objects.published().only(
            "pk", "slug", "name_el", "name_en", "short_name"
        ),
        "name",
        lambda query: _list_url("members:organisation_list", query),
        context=lambda organisation, language: organisation.short_name,
    ),
    Kind(
        "services",
        _("Services"),
        # The provider's name comes in a second query for the ten rows shown: joining every
        # matching service to its organisation before ranking costs more than the ranking.
        lambda: (
            Service.objects.published()
            .only("pk", "slug", "name_el", "name_en", "organisation_id")
            .prefetch_related(
                Prefetch("organisation", Organisation.objects.only("pk", "name_el", "name_en"))
            )
        ),
        "name",
        lambda query: _list_url("members:service_list", query),
        context=_provider,
    ),
    Kind(
        "municipalities",
        _("Cities Network"),
        lambda: Municipality.objects.published().only("pk", "slug", "name_el", "name_en"),
        "name",
        lambda query: reverse("network:index"),
    ),
    Kind(
        "practices",
        _("Good practices"),
        lambda: GoodPractice.objects.published().only("pk", "slug", "title_el", "title_en"),
        "title",
        lambda query: _list_url("network:practice_list", query),
    ),
    Kind(
        "publications",
        _("Toolkit"),
        lambda: Publication.objects.published().only("pk", "slug", "title_el", "title_en"),
        "title",
        lambda query: _list_url("bulletin:publication_list", query),
    ),
)


def _site_search(query: str, *, limit: int) -> list[Group]:
    language = get_language() or "el"
    groups = []
    for kind in KINDS:
        rows = list(ranked(kind.rows(), query)[:limit])
        group = Group(
            kind.name,
            str(kind.heading),
            rows[0].search_total if rows else 0,
            more_url=kind.more_url(query),
        )
        for obj in rows:
            title, lang = _title(obj, kind.title_field, language)
            group.hits.append(Hit(title, obj.get_absolute_url(), lang, kind.context(obj, language)))
        groups.append(group)
    return groups


def suggestions() -> list[dict]:
    """Top-level service categories, each linking to the filtered list of services."""
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
