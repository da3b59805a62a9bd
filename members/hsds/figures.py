"""The directory in figures: counts over published records, drawn as SVG on the server.

Each figure is a small table (rows × columns of counts) with a title and a one-sentence
caption; the page draws it as an SVG chart (no JavaScript), shows the same numbers as an
accessible table and offers them as CSV. Figures are computed in a constant number of
queries by a task of the queue, and kept in the cache until the content changes (see
"computed by the queue" below).

Other apps add figures of their own with `register()` (the Cities Network adds the member
municipalities side by side): members never imports them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import caches
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django_tasks import task

from accmr.cache import cache_public_page, content_version
from accmr.lib.spreadsheet import safe_cell
from members.models import (
    Community,
    Language,
    OrganisationType,
    PopulationGroup,
    Service,
    ServiceCategory,
)

KEEP_SECONDS = 24 * 3600  # one content version's figures; a change makes a new version
HEAT_LEVELS = 5  # shades of the heat table, 0 (none) to 4 (the most)


@dataclass
class Figure:
    slug: str  # the anchor on the page and the CSV's name
    title: str
    caption: str  # what the chart shows, in one sentence
    kind: str  # "heat" (rows × columns), "bars" (one column) or "stacked"
    row_header: str
    columns: list[str]
    rows: list[tuple[str, list[int]]]
    legend: list[str] = field(default_factory=list)  # for stacked bars: one per column

    @property
    def maximum(self) -> int:
        values = [v for _label, values in self.rows for v in values]
        if self.kind == "stacked":
            values = [sum(values) for _label, values in self.rows]
        return max(values, default=0)

    def csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([safe_cell(cell) for cell in [self.row_header, *self.columns]])
        for label, values in self.rows:
            writer.writerow([safe_cell(label), *values])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


# --- drawing: plain numbers and strings, escaped by the template ------------------------

LABEL_WIDTH = 230
BAR_HEIGHT = 22
GAP = 8
CHART_WIDTH = 420
CELL_WIDTH = 76
HEADER_HEIGHT = 48


def _level(value: int, maximum: int) -> int:
    if value <= 0 or maximum <= 0:
        return 0
    return 1 + min(HEAT_LEVELS - 2, (value - 1) * (HEAT_LEVELS - 1) // maximum)


def drawing(figure: Figure) -> dict:
    """Positions for the SVG of `figure` (see templates/members/includes/_figure_svg.html)."""
    maximum = figure.maximum
    if figure.kind == "heat":
        # Long column names (categories) are written slanted above their column.
        slanted = any(len(label) > 9 for label in figure.columns)
        header_height = 150 if slanted else HEADER_HEIGHT
        rows = []
        for index, (label, values) in enumerate(figure.rows):
            y = header_height + index * (BAR_HEIGHT + GAP)
            cells = [
                {
                    "x": LABEL_WIDTH + column * CELL_WIDTH,
                    "value": value,
                    "level": _level(value, maximum),
                    "text_x": LABEL_WIDTH + column * CELL_WIDTH + CELL_WIDTH // 2 - 2,
                }
                for column, value in enumerate(values)
            ]
            rows.append({"label": label, "y": y, "text_y": y + 16, "cells": cells})
        headers = [
            {
                "label": label if len(label) <= 24 else label[:23] + "…",
                "x": LABEL_WIDTH + column * CELL_WIDTH + CELL_WIDTH // 2 - 2,
                "y": header_height - 10,
            }
            for column, label in enumerate(figure.columns)
        ]
        width = LABEL_WIDTH + len(figure.columns) * CELL_WIDTH + (120 if slanted else 8)
        height = header_height + len(figure.rows) * (BAR_HEIGHT + GAP)
        return {
            "width": width,
            "height": height,
            "slanted": slanted,
            "rows": rows,
            "headers": headers,
            "cell_width": CELL_WIDTH - 4,
            "bar_height": BAR_HEIGHT,
        }
    rows = []
    scale = CHART_WIDTH / maximum if maximum else 0
    for index, (label, values) in enumerate(figure.rows):
        y = index * (BAR_HEIGHT + GAP)
        x = LABEL_WIDTH
        segments = []
        for column, value in enumerate(values):
            width = round(value * scale, 1)
            segments.append({"x": x, "width": width, "value": value, "series": column})
            x += width
        rows.append(
            {
                "label": label,
                "y": y,
                "text_y": y + 16,
                "segments": segments,
                "total": sum(values),
                "total_x": round(x + 6, 1),
            }
        )
    top = len(figure.rows) * (BAR_HEIGHT + GAP) + 6
    legend = [
        {"label": label, "series": index, "y": top + index * 24, "text_y": top + index * 24 + 13}
        for index, label in enumerate(figure.legend)
    ]
    return {
        "width": LABEL_WIDTH + CHART_WIDTH + 60,
        "height": top + len(legend) * 24,
        "rows": rows,
        "legend": legend,
        "legend_x": LABEL_WIDTH,
        "legend_text_x": LABEL_WIDTH + 22,
        "bar_height": BAR_HEIGHT,
    }


# --- the figures ------------------------------------------------------------------------


def _top_categories() -> list[ServiceCategory]:
    return list(ServiceCategory.objects.filter(parent__isnull=True).order_by("order", "slug"))


def services_by_category_and_community() -> Figure:
    """Published services with a location in each municipal community of Athens."""
    categories = _top_categories()
    counts: dict[tuple[int, int], int] = {}
    pairs = (
        Service.objects.published()
        .filter(locations__community__isnull=False)
        .values_list("category_id", "locations__community")
        .annotate(n=Count("id", distinct=True))
        .order_by()
    )
    for category_id, community, n in pairs:
        counts[(category_id, community)] = n
    communities = list(Community)
    return Figure(
        slug="categories-by-community",
        title=_("Services by category and municipal community of Athens"),
        caption=_(
            "How many published services of each kind have a location in each of the seven "
            "municipal communities of Athens; a 0 shows where there is none."
        ),
        kind="heat",
        row_header=_("Category"),
        columns=[_("Comm. {number}").format(number=c.value) for c in communities],
        rows=[
            (category.name, [counts.get((category.pk, c.value), 0) for c in communities])
            for category in categories
        ],
    )


def _published_links(model, relation: str, slug: str, title: str, caption: str, header: str):
    published = Service.objects.published().values("pk")
    terms = (
        model.objects.annotate(
            n=Count(relation, filter=Q(**{f"{relation}__in": published}), distinct=True)
        )
        .order_by("-n", "order", "slug")
        .only("slug", "name_el", "name_en", "order")
    )
    return Figure(
        slug=slug,
        title=title,
        caption=caption,
        kind="bars",
        row_header=header,
        columns=[_("Services")],
        rows=[(term.name, [term.n]) for term in terms],
    )


def services_by_language() -> Figure:
    return _published_links(
        Language,
        "services",
        "languages",
        _("Languages in which services are offered"),
        _("How many published services are offered in each language, most spoken first."),
        _("Language"),
    )


def services_by_population_group() -> Figure:
    return _published_links(
        PopulationGroup,
        "services",
        "population-groups",
        _("Services per population group"),
        _("How many published services are meant for each group of people."),
        _("Population group"),
    )


def freshness_by_organisation_type(today: dt.date | None = None) -> Figure:
    today = today or timezone.localdate()
    six_months = today - dt.timedelta(days=183)
    year = today - dt.timedelta(days=365)
    published = Q(organisations__status="published")
    checked = "organisations__last_checked"
    types = (
        OrganisationType.objects.annotate(
            recent=Count("organisations", filter=published & Q(**{f"{checked}__gte": six_months})),
            within_year=Count(
                "organisations",
                filter=published & Q(**{f"{checked}__lt": six_months, f"{checked}__gte": year}),
            ),
            older=Count(
                "organisations",
                filter=published
                & (Q(**{f"{checked}__lt": year}) | Q(**{f"{checked}__isnull": True})),
            ),
        )
        .order_by("order", "slug")
        .only("slug", "name_el", "name_en", "order")
    )
    legend = [
        _("Checked in the last 6 months"),
        _("Checked 6 to 12 months ago"),
        _("Older or never checked"),
    ]
    return Figure(
        slug="freshness",
        title=_("How fresh the records are, by type of organisation"),
        caption=_(
            "How many published organisations of each type confirmed their record in the last "
            "six months, in the last year, or longer ago."
        ),
        kind="stacked",
        row_header=_("Type of organisation"),
        columns=legend,
        legend=legend,
        rows=[
            (kind.name, [kind.recent, kind.within_year, kind.older])
            for kind in types
            if kind.recent + kind.within_year + kind.older
        ],
    )


FIGURES: list[Callable[[], Figure]] = [
    services_by_category_and_community,
    services_by_language,
    services_by_population_group,
    freshness_by_organisation_type,
]


def register(make: Callable[[], Figure]) -> None:
    """Add a figure of another app to the page (called from its AppConfig.ready)."""
    if make not in FIGURES:
        FIGURES.append(make)


# --- computed by the queue, never inside a request -----------------------------------------
# At 50,000 services the first computation takes seconds (bench/RESULTS.md), so a request only
# reads figures: a task computes them for one content version and language into the cache the
# web and the workers share (caches["progress"]: Redis, or files on one host). Until that is
# done, the page shows the last figures computed (for an older version, and says so, and is not
# kept by the page cache), or, before any, answers 503 with Retry-After. With the immediate
# backend (tests) the task runs inside the request that queues it.

RETRY_AFTER_SECONDS = 30
QUEUED_SECONDS = 10 * 60  # a queued computation that never ran is queued again after this


def _shared():
    return caches["progress"]


def _key(version: int, language: str) -> str:
    return f"figures:{version}:{language}"


def _last_key(language: str) -> str:
    return f"figures:last:{language}"


@task()
def compute_figures(language: str, version: int) -> None:
    """Compute every figure in `language` for the content `version` the web process saw."""
    with translation.override(language):
        figures = [make() for make in FIGURES]
    _shared().set(_key(version, language), figures, timeout=KEEP_SECONDS)
    _shared().set(_last_key(language), figures, timeout=None)


def all_figures() -> tuple[list[Figure] | None, bool]:
    """(figures in the active language, whether they are of the current content).

    Current ones from the cache; otherwise their computation is queued (once per version and
    language) and the last ones computed are returned, or None before any.
    """
    language = translation.get_language()
    version = content_version()
    figures = _shared().get(_key(version, language))
    if figures is None:
        if _shared().add(f"figures:queued:{version}:{language}", 1, timeout=QUEUED_SECONDS):
            compute_figures.enqueue(language, version)
        figures = _shared().get(_key(version, language))  # done already (immediate backend)
    if figures is not None:
        return figures, True
    return _shared().get(_last_key(language)), False


def _being_computed(request: HttpRequest) -> HttpResponse:
    response = render(request, "members/figures_pending.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _not_kept(response: HttpResponse) -> HttpResponse:
    """Figures of an older version: not stored by the page cache or a browser."""
    patch_cache_control(response, no_cache=True, no_store=True, max_age=0)
    return response


# --- pages ------------------------------------------------------------------------------


@require_safe
@cache_public_page
def figures_page(request: HttpRequest) -> HttpResponse:
    figures, current = all_figures()
    if figures is None:
        return _being_computed(request)
    drawn = [(figure, drawing(figure)) for figure in figures]
    response = render(request, "members/figures.html", {"figures": drawn, "outdated": not current})
    return response if current else _not_kept(response)


@require_safe
def figure_csv(request: HttpRequest, figure: str) -> HttpResponse:
    figures, current = all_figures()
    if figures is None:
        return _being_computed(request)
    found = next((f for f in figures if f.slug == figure), None)
    if found is None:
        raise Http404("No such figure.")
    response = HttpResponse(found.csv(), content_type="text/csv; charset=utf-8")
    language = translation.get_language()
    response["Content-Disposition"] = f'attachment; filename="accmr-{figure}-{language}.csv"'
    return response if current else _not_kept(response)
