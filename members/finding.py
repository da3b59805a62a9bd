"""Finding on a phone: what the directory lists show around their results.

- the active filters in words, each with a link that removes it (plain links, no JavaScript);
- one-tap filters to add (open today, free...) and the languages spoken in the results;
- for an empty result, the way forward: the same search without each filter, with counts, and
  the nearest alternatives (the same category in any language; open tomorrow).

Each piece costs at most one query, whatever the number of filters (see the query-count tests).
"""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q
from django.http import QueryDict
from django.utils.translation import gettext as _

from accmr.cache import remember
from accmr.listing import described_list_key
from members.models import Language

# One-tap filters offered above the services list while they are not chosen.
QUICK_FILTERS = (("open_on", "today"), ("free", "on"), ("walk_in", "on"), ("open_now", "on"))
LANGUAGE_LINKS = 6  # the languages most spoken in the results, as one-tap filters


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    count: int | None = None


def _url(query: QueryDict, *, drop=(), keep_only=None, set_=None) -> str:
    """`query` without the page number (a new search starts on page 1), changed as asked."""
    changed = query.copy()
    changed.pop("page", None)
    if keep_only is not None:
        for name in list(changed):
            if name not in keep_only:
                changed.pop(name)
    for name in drop:
        changed.pop(name, None)
    for name, value in (set_ or {}).items():
        changed[name] = value
    encoded = changed.urlencode()
    return f"?{encoded}" if encoded else "?"


def active_filters(query: QueryDict, form, criteria: dict) -> list[Link]:
    """Each valid criterion in words, with a link to the same search without it."""
    return [
        Link(form.describe(name, value), _url(query, drop=[name]))
        for name, value in criteria.items()
    ]


def quick_filters(query: QueryDict, form, criteria: dict) -> list[Link]:
    """One-tap filters not chosen yet."""
    links = []
    for name, value in QUICK_FILTERS:
        if name in criteria or name not in form.fields:
            continue
        cleaned = form.fields[name].clean(value)
        links.append(Link(form.describe(name, cleaned), _url(query, set_={name: value})))
    return links


def language_links(
    query: QueryDict, services, criteria: dict, *, described_by: tuple | None = None
) -> list[Link]:
    """The languages most spoken among `services` (the filtered list), with counts (one
    query); none once a language is chosen. `described_by`: as accmr.listing's."""
    if "language" in criteria:
        return []

    def count():
        return list(
            Language.objects.filter(services__in=services.order_by().values("pk"))
            .annotate(found=Count("pk"))
            .order_by("-found", "order", "slug")[:LANGUAGE_LINKS]
        )

    # Kept per list (its SQL) until the content changes, like the list's own count.
    languages = remember(
        f"list-languages:{described_list_key(services, described_by)}",
        count,
        seconds=settings.DATA_CACHE_SECONDS,
    )
    return [
        Link(language.display_name, _url(query, set_={"language": language.slug}), language.found)
        for language in languages
    ]


def ways_forward(query: QueryDict, form, criteria: dict, published, narrow) -> dict:
    """For an empty result: the same search without each filter, and the nearest
    alternatives, each with its count, in one query. `published` is every visible record;
    `narrow(criteria)` applies criteria to it."""
    searches = {
        f"without_{name}": {k: v for k, v in criteria.items() if k != name} for name in criteria
    }
    alternatives = {}
    if criteria.get("category") and set(criteria) - {"category", "subcategory"}:
        same = {k: v for k, v in criteria.items() if k in ("category", "subcategory")}
        searches["same_category"] = same
        alternatives["same_category"] = Link(
            _("{category}, in any language, with no other filter").format(
                category=(criteria.get("subcategory") or criteria["category"]).display_name
            ),
            _url(query, keep_only={"category", "subcategory", "sort"}),
        )
    if criteria.get("open_now") or criteria.get("open_on") == "today":
        tomorrow = {k: v for k, v in criteria.items() if k != "open_now"}
        tomorrow["open_on"] = "tomorrow"
        searches["tomorrow"] = tomorrow
        alternatives["tomorrow"] = Link(
            _("The same search, open tomorrow"),
            _url(query, drop=["open_now"], set_={"open_on": "tomorrow"}),
        )
    counts = published.order_by().aggregate(
        **{
            key: Count("pk", filter=Q(pk__in=narrow(search).order_by().values("pk")))
            for key, search in searches.items()
        }
    )
    without = [
        Link(form.describe(name, value), _url(query, drop=[name]), counts[f"without_{name}"])
        for name, value in criteria.items()
    ]
    return {
        "without": [link for link in without if link.count],
        "emptying": [link.text for link in without if link.count] if len(criteria) > 1 else [],
        "alternatives": [
            Link(link.text, link.url, counts[key])
            for key, link in alternatives.items()
            if counts[key]
        ],
    }
