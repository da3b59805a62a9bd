"""The directory's result cards, rendered once per language and kept until content changes.

A card says only what its record says (name, organisation, category, languages, areas), so one
rendering serves every list, filter, order and page the record appears on. A list page reads
its twenty cards in one cache read (`remember_many`) and renders only those missing, from full
records read for them alone; a page whose cards are all known reads no more than the keys of
its rows. Rendering twenty cards and reading their related rows was most of an uncached list
page's time (bench/RESULTS.md, issue 18).

What changes with the clock stays out of the card: a service card keeps an empty slot for its
opening line ("open now", "opens tomorrow at 09:00"), filled on every request from the hours
read with the page (`ServiceQuerySet.with_hours`).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from accmr.cache import remember_many
from members.models import Organisation, Service

# Where a service card's opening line goes (see _service_card.html): the card is kept as the
# text before and after it.
OPENING_SLOT = "<!--opening-line-->"


def unique(items) -> list:
    """`items` without empty ones or repeats, in their order."""
    seen, result = set(), []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            result.append(item)
    return result


def areas(locations) -> list[str]:
    """Where an organisation or service works: Athens communities, else municipalities."""
    return unique(
        location.get_community_display() if location.community else location.municipality
        for location in locations
    )


@dataclass(frozen=True)
class ServiceCard:
    """A service's card, before and after its opening line, and what that line is drawn
    from: the service with only its status and hours (`hours_rows`, read by
    Service.opening_status() and the other hours methods)."""

    before: str
    after: str
    hours: Service


def service_cards(keys: list[int]) -> dict[int, ServiceCard]:
    """The cards of the services with these keys."""

    def render(missing: list[int]) -> dict[int, ServiceCard]:
        services = (
            Service.objects.filter(pk__in=missing)
            .select_related("organisation__type", "category", "subcategory")
            .prefetch_related("languages", "locations", "schedules", "closures")
        )
        cards = {}
        for service in services:
            service.areas = areas(service.locations.all())
            html = render_to_string(
                "members/includes/_service_card.html",
                {"service": service, "opening_slot": OPENING_SLOT},
            )
            before, _slot, after = html.partition(OPENING_SLOT)
            # Halves of a template's output, escaped there.
            cards[service.pk] = ServiceCard(mark_safe(before), mark_safe(after), _hours(service))  # noqa: S308
        return cards

    return _cards("service", keys, render)


def opening_statuses(cards: dict[int, ServiceCard], minute: dt.datetime) -> dict:
    """Each card's opening status at `minute` (a whole minute: the hours are in minutes, and
    the list's own SQL reads the same minute), worked out once a minute for every list
    and visitor that shows the card, not on each request: twenty of them were a tenth
    of a list page's time."""
    return remember_many(
        {pk: f"opening:{pk}:{minute.isoformat()}" for pk in cards},
        lambda missing: {pk: cards[pk].hours.opening_status(minute) for pk in missing},
        seconds=settings.DATA_CACHE_SECONDS,
    )


def organisation_cards(keys: list[int]) -> dict[int, str]:
    """The cards of the organisations with these keys: type, the categories of their
    published services, and where they work."""

    def render(missing: list[int]) -> dict[int, str]:
        organisations = (
            Organisation.objects.filter(pk__in=missing)
            .select_related("type")
            .prefetch_related(
                Prefetch(
                    "services",
                    queryset=Service.objects.published().select_related("category").order_by(),
                    to_attr="public_services",
                ),
                "locations",
            )
        )
        cards = {}
        for organisation in organisations:
            categories = unique(service.category for service in organisation.public_services)
            organisation.served_categories = sorted(categories, key=lambda c: (c.order, c.slug))
            organisation.areas = areas(organisation.locations.all())
            cards[organisation.pk] = render_to_string(
                "members/includes/_organisation_card.html", {"organisation": organisation}
            )
        return cards

    return _cards("organisation", keys, render)


def _hours(service: Service) -> Service:
    """A copy of `service` holding only what its opening line reads: small to keep, and
    free of the related rows and querysets of the full record. Past closures are kept too
    (the hours methods look only at the days they are asked about)."""
    hours = Service(pk=service.pk, uuid=service.uuid, status=service.status)
    hours.open_on_public_holidays = service.open_on_public_holidays
    hours.hours_rows = {
        "schedules": list(service.schedules.all()),
        "closures": list(service.closures.all()),
    }
    return hours


def _cards(kind: str, keys: list[int], render) -> dict:
    language = get_language()
    return remember_many(
        {key: f"card:{kind}:{language}:{key}" for key in keys},
        render,
        seconds=settings.DATA_CACHE_SECONDS,
    )
