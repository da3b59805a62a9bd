"""Which municipality offers which kinds of services: the comparison matrix.

A municipality's services are the published services of its directory organisations:
the local authority's own record (`Municipality.organisation`) and the municipal bodies
linked to it as integration structures (`Structure.organisation`). An organisation
linked both ways counts once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from members.models import Service, ServiceCategory
from network.models import Municipality, Structure


def provider_ids(municipalities: list[Municipality]) -> dict[int, set[int]]:
    """Organisation ids behind each municipality (one query)."""
    providers: dict[int, set[int]] = {m.pk: set() for m in municipalities}
    for m in municipalities:
        if m.organisation_id:
            providers[m.pk].add(m.organisation_id)
    links = Structure.objects.filter(
        municipality__in=list(providers), organisation__isnull=False
    ).values_list("municipality_id", "organisation_id")
    for municipality_id, organisation_id in links:
        providers[municipality_id].add(organisation_id)
    return providers


@dataclass
class Cell:
    category: ServiceCategory
    count: int
    url: str


@dataclass
class Row:
    municipality: Municipality
    cells: list[Cell]
    total: int
    total_url: str


@dataclass
class Comparison:
    columns: list[ServiceCategory]
    rows: list[Row]
    offering: list[int]  # per column: how many municipalities have at least one service
    parent: ServiceCategory | None


def services_url(municipality: Municipality, category: ServiceCategory | None) -> str:
    url = reverse("network:municipality_services", kwargs={"slug": municipality.slug})
    return f"{url}?{urlencode({'category': category.slug})}" if category else url


def build_comparison(
    municipalities: list[Municipality],
    columns: list[ServiceCategory],
    *,
    parent: ServiceCategory | None = None,
) -> Comparison:
    """Count published services per municipality and column, in one aggregate query.

    Columns are top-level categories, or, with `parent`, the sub-categories of `parent`
    (the row total then counts every service in `parent`, with or without sub-category).
    """
    providers = provider_ids(municipalities)
    every_provider = set().union(*providers.values()) if providers else set()
    key = "subcategory_id" if parent else "category_id"
    services = Service.objects.published().filter(organisation_id__in=every_provider)
    if parent:
        services = services.filter(category=parent)
    per_provider: dict[int, dict[int | None, int]] = defaultdict(dict)
    for organisation_id, column_id, count in (
        services.values_list("organisation_id", key).annotate(n=Count("id")).order_by()
    ):
        per_provider[organisation_id][column_id] = count

    rows = []
    offering = [0] * len(columns)
    for municipality in municipalities:
        counts: dict[int | None, int] = defaultdict(int)
        for organisation_id in providers[municipality.pk]:
            for column_id, count in per_provider.get(organisation_id, {}).items():
                counts[column_id] += count
        cells = []
        for index, column in enumerate(columns):
            count = counts.get(column.pk, 0)
            offering[index] += 1 if count else 0
            cells.append(Cell(category=column, count=count, url=services_url(municipality, column)))
        rows.append(
            Row(
                municipality=municipality,
                cells=cells,
                total=sum(counts.values()),
                total_url=services_url(municipality, parent),
            )
        )
    return Comparison(columns=columns, rows=rows, offering=offering, parent=parent)
