"""The Cities Network pages: the network, its municipalities, the comparison and the know-how."""

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Prefetch
from django.db.models.functions import ExtractYear
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from accmr import otp
from accmr.cache import cache_public_page, remember
from accmr.lib.pagination import page_of
from accmr.lib.spreadsheet import safe_cell
from bulletin.models import NewsPost, Topic
from members.forms import Vocabularies
from members.models import Service, ServiceCategory, Status
from network.comparison import build_comparison, provider_ids
from network.forms import CompareForm, MunicipalityServicesForm, PracticeFilterForm
from network.models import GoodPractice, Municipality, Structure
from network.svg import build_map

PRACTICES_PER_PAGE = 12
SERVICES_PER_PAGE = 25
SERVICES_ON_MUNICIPALITY_PAGE = 30
NEWS_ON_INDEX = 5
STRUCTURE_ORDER = {kind: i for i, kind in enumerate(Structure.Kind.values)}


def can_see_focal_points(user) -> bool:
    """Coordinators and member organisations' editors; never the public.

    With OTP_REQUIRED_FOR_STAFF, a staff account counts as a coordinator only once it proved
    its second factor: with a password alone it gets what a member would (a stolen staff
    password shows no more than a member's).
    """
    if not user.is_authenticated:
        return False
    verified_staff = user.is_staff and (not otp.otp_required() or user.is_verified())
    return verified_staff or user.editor_memberships.exists()


def _published_municipalities():
    return Municipality.objects.published().only(
        "slug", "name_el", "name_en", "region_el", "region_en", "latitude", "longitude",
        "joined_year", "data_uncertain", "organisation_id",
    )  # fmt: skip


def _explain_invalid(request: HttpRequest, form) -> None:
    if form.errors:
        messages.warning(request, _("Some filters were not understood and have been ignored."))


@require_safe
@cache_public_page
def index(request: HttpRequest) -> HttpResponse:
    # Queries: the municipalities and the news, only when the remembered part of the page (the
    # members' table, the map and the news, for the day) is drawn again, after a change.
    municipalities = _published_municipalities()
    today = timezone.localdate()
    news = SimpleLazyObject(
        lambda: list(
            NewsPost.objects.published(today).filter(topic=Topic.NETWORK).latest()[:NEWS_ON_INDEX]
        )
    )
    language = get_language()
    context = {
        "municipalities": municipalities,
        # Drawn inside the remembered part only.
        "network_map": SimpleLazyObject(lambda: build_map(list(municipalities), language=language)),
        "news": news,
        "today": today,
    }
    return render(request, "network/index.html", context)


def _in_order(categories) -> list[ServiceCategory]:
    return sorted(categories, key=lambda c: (c.order, c.slug))


def _services_of(providers: set[int]):
    return (
        Service.objects.published()
        .filter(organisation_id__in=providers)
        .select_related("organisation", "category", "subcategory")
    )


def _structures_of(municipality: Municipality) -> list[Structure]:
    return sorted(
        Structure.objects.filter(municipality=municipality).select_related("organisation"),
        key=lambda s: (STRUCTURE_ORDER.get(s.kind, len(STRUCTURE_ORDER)), s.pk),
    )


def _first_services(municipality: Municipality, structures) -> list[Service]:
    """The first services of the municipality and its structures, one more than shown."""
    providers = {s.organisation_id for s in structures if s.organisation_id}
    if municipality.organisation_id:
        providers.add(municipality.organisation_id)
    return list(
        _services_of(providers).order_by("category__order", "category__slug", "name")[
            : SERVICES_ON_MUNICIPALITY_PAGE + 1
        ]
    )


@require_safe
@cache_public_page
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    # Queries, only until they are remembered: municipality (+ its directory record),
    # structures (+ their records), services (+ provider, categories), practices; one more
    # for a logged-in user. The record is kept until the content changes and shared by the
    # requests of this process: nothing here may change it. An unknown slug is not kept.
    municipality = remember(
        f"municipality-page:{slug}",
        lambda: get_object_or_404(
            Municipality.objects.published().select_related("organisation"), slug=slug
        ),
        seconds=settings.DATA_CACHE_SECONDS,
    )
    # Read only when the remembered sections (structures, services, practices) are drawn
    # again, after a change.
    structures = SimpleLazyObject(lambda: _structures_of(municipality))
    services = SimpleLazyObject(lambda: _first_services(municipality, structures))
    practices = SimpleLazyObject(
        lambda: list(municipality.good_practices.published().prefetch_related("themes")[:10])
    )
    show_focal_point = can_see_focal_points(request.user)
    own_record = municipality.organisation
    if own_record and own_record.status != Status.PUBLISHED:
        own_record = None
    context = {
        "municipality": municipality,
        "own_record": own_record,
        "structures": structures,
        "services": SimpleLazyObject(lambda: services[:SERVICES_ON_MUNICIPALITY_PAGE]),
        "more_services": SimpleLazyObject(lambda: len(services) > SERVICES_ON_MUNICIPALITY_PAGE),
        "practices": practices,
        "show_focal_point": show_focal_point,
        "published": Status.PUBLISHED,
    }
    response = render(request, "network/municipality_detail.html", context)
    if show_focal_point:
        # Personal data: never kept by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
    patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
@cache_public_page
def municipality_services(request: HttpRequest, slug: str) -> HttpResponse:
    """The services offered in one municipality, optionally of one category."""
    # Queries: municipality, categories, structures, count, page of services.
    municipality = get_object_or_404(Municipality.objects.published(), slug=slug)
    categories = list(ServiceCategory.objects.all())
    # Top-level categories first, each followed by its sub-categories.
    ordered = []
    for top in _in_order(c for c in categories if c.parent_id is None):
        ordered.append(top)
        ordered.extend(_in_order(c for c in categories if c.parent_id == top.pk))
    form = MunicipalityServicesForm(request.GET or None, categories=ordered)
    applied = form.applied() if request.GET else {}
    _explain_invalid(request, form)
    category = next((c for c in ordered if c.slug == applied.get("category")), None)

    providers = provider_ids([municipality])[municipality.pk]
    criteria = {"subcategory" if category.parent_id else "category": category} if category else {}
    services = _services_of(providers).filter_by(criteria).order_by("name")
    page = page_of(services, request.GET.get("page"), SERVICES_PER_PAGE)
    context = {"municipality": municipality, "category": category, "form": form, "page": page}
    return render(request, "network/municipality_services.html", context)


@require_safe
@cache_public_page
def compare(request: HttpRequest) -> HttpResponse:
    # Queries, only until they are remembered: the vocabularies; municipalities, structures and
    # one aggregate over services.
    vocabularies = Vocabularies.remembered(with_types=False)
    tops = vocabularies.categories  # in their order, like every vocabulary
    form = CompareForm(request.GET or None, categories=tops)
    applied = form.applied() if request.GET else {}
    parent = next((c for c in tops if c.slug == applied.get("category")), None)
    if parent:
        columns = [c for c in vocabularies.subcategories if c.parent_id == parent.pk]
    else:
        columns = tops
    # The one aggregate over every service and 250 links: kept under the content version.
    comparison = remember(
        f"network-comparison:{get_language()}:{parent.slug if parent else ''}",
        lambda: build_comparison(list(_published_municipalities()), columns, parent=parent),
        seconds=settings.DATA_CACHE_SECONDS,
    )

    if applied.get("format") == "csv":
        return _comparison_csv(comparison)
    _explain_invalid(request, form)
    csv_query = ({"category": parent.slug} if parent else {}) | {"format": "csv"}
    context = {
        "comparison": comparison,
        "form": form,
        "csv_query_string": urlencode(csv_query),
    }
    return render(request, "network/compare.html", context)


def _comparison_csv(comparison) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = "network-services"
    if comparison.parent:
        name += f"-{comparison.parent.slug}"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # lets spreadsheet programs detect UTF-8
    writer = csv.writer(response)
    header = [_("Municipality"), _("Region"), _("Year joined")]
    header += [c.display_name for c in comparison.columns] + [_("Total")]
    writer.writerow([safe_cell(cell) for cell in header])
    for row in comparison.rows:
        m = row.municipality
        cells = [m.name, m.region, m.joined_year or ""]
        cells += [cell.count for cell in row.cells] + [row.total]
        writer.writerow([safe_cell(cell) for cell in cells])
    return response


@require_safe
@cache_public_page
def practice_list(request: HttpRequest) -> HttpResponse:
    # Queries: municipalities, themes and years for the filters; count and page of practices;
    # their municipalities and themes.
    published = GoodPractice.objects.published()
    municipalities = list(Municipality.objects.published().only("slug", "name_el", "name_en"))
    themes = list(ServiceCategory.objects.filter(parent__isnull=True))
    years = list(
        published.annotate(year=ExtractYear("date"))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    form = PracticeFilterForm(
        request.GET or None, municipalities=municipalities, themes=themes, years=years
    )
    applied = form.applied() if request.GET else {}
    _explain_invalid(request, form)

    practices = published.filter_by(applied)
    practices = practices.prefetch_related(
        Prefetch(
            "municipalities",
            queryset=Municipality.objects.published().only("slug", "name_el", "name_en"),
        ),
        "themes",
    )
    page = page_of(practices, request.GET.get("page"), PRACTICES_PER_PAGE)
    context = {"form": form, "page": page, "filtered": bool(applied)}
    return render(request, "network/practice_list.html", context)


_web_address = URLValidator(schemes=["http", "https"])


def _safe_links(lines: list[str]) -> list[str]:
    """Only http(s) addresses become links; anything else is not shown."""
    safe = []
    for line in lines:
        try:
            _web_address(line)
        except ValidationError:
            continue
        safe.append(line)
    return safe


@require_safe
@cache_public_page
def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = get_object_or_404(
        GoodPractice.objects.published().prefetch_related(
            Prefetch("municipalities", queryset=Municipality.objects.published()),
            "themes",
        ),
        slug=slug,
    )
    attachment_size = None
    if practice.attachment:
        try:
            attachment_size = practice.attachment.size
        except (OSError, ValueError):
            attachment_size = None
    context = {
        "practice": practice,
        "links": _safe_links(practice.link_list),
        "attachment_size": attachment_size,
    }
    return render(request, "network/practice_detail.html", context)
