"""Public directory pages: organisations and services, their lists and their own pages.

Every list reads only published records, in a constant number of queries: one per
vocabulary for the filter form, a count, the page of rows and one per prefetched
relation (see the query-count tests).
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from accmr.cache import cache_public_page, remember
from accmr.lib.ratelimit import Limit
from accmr.lib.translated_fields import text_in_language
from accmr.listing import list_description, page_of_list
from members import finding
from members.cards import areas, opening_statuses, organisation_cards, service_cards
from members.forms import (
    OrganisationFilterForm,
    ProblemReportForm,
    ServiceFilterForm,
    Vocabularies,
)
from members.models import Organisation, Service
from members.services import problem_report_submit
from members.share import share_links

PER_PAGE = 20
# Problem reports per client address (accmr.lib.client_ip) and hour.
REPORT_LIMIT = Limit("problem-report", count=5, seconds=60 * 60)


# Lists ---------------------------------------------------------------------------------


def _filters_html(request, form, *, label: str, open: bool, searching: bool) -> str:
    """The search-and-filters form, rendered once per language and selection and kept under
    the content version (its 150 options through crispy-forms cost more than the rest of the
    page): what it shows depends only on the form's data, its choices and the language."""
    selection = [(name, form.data.getlist(name)) for name in form.fields]
    identity = repr((request.path, label, open, searching, selection))
    digest = hashlib.sha256(identity.encode()).hexdigest()[:32]

    def render_filters():
        context = {
            "form": form,
            "action": request.path,
            "label": label,
            "open": open,
            "searching": searching,
        }
        return render_to_string("members/includes/_filters.html", context)

    return remember(
        f"list-filters:{get_language()}:{digest}",
        render_filters,
        seconds=settings.DATA_CACHE_SECONDS,
    )


def _render_list(request, template: str, form, page, *, published, narrow, **context):
    """A directory list in the frame of members/directory_list.html: the active filters
    above the results, and for an empty result the ways forward (members/finding.py)."""
    criteria = form.filters()
    if criteria and not page.paginator.count:
        context["ways_forward"] = finding.ways_forward(
            request.GET, form, criteria, published, narrow
        )
    # After a search the panel is folded, so the results come first on a phone.
    filters_open = bool(form.errors) or not criteria
    context.update(
        form=form,
        filters_open=filters_open,
        active_filters=finding.active_filters(request.GET, form, criteria),
        searching=bool(criteria),
        filters_html=_filters_html(
            request,
            form,
            label=context["search_label"],
            open=filters_open,
            searching=bool(criteria),
        ),
        filter_errors=form.filter_errors(),
        paginator=page.paginator,
        page=page,
        share_url=request.build_absolute_uri(),
    )
    return render(request, template, context)


@require_safe
@cache_public_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    form = OrganisationFilterForm(request.GET, vocabularies=Vocabularies.remembered())
    criteria = form.filters()
    published = Organisation.objects.published()
    # The rows' keys only: each card comes whole from members.cards.
    organisations = published.filter_by(criteria).sorted_by(form.sort_order())
    page = page_of_list(
        organisations, request.GET.get("page"), PER_PAGE, described_by=list_description(request)
    )
    cards = organisation_cards([organisation.pk for organisation in page.object_list])
    page.object_list = [o for o in page.object_list if o.pk in cards]  # gone meanwhile
    for organisation in page.object_list:
        organisation.card = cards[organisation.pk]
    return _render_list(
        request,
        "members/organisation_list.html",
        form,
        page,
        published=published,
        narrow=published.filter_by,
        search_label=_("Search organisations"),
    )


@require_safe
@cache_public_page
def service_list(request: HttpRequest) -> HttpResponse:
    form = ServiceFilterForm(request.GET, vocabularies=Vocabularies.remembered())
    criteria = form.filters()
    # The list's SQL and opening lines to the minute ("open now", "open soonest first"): one
    # list, so one remembered count and one set of keys, per minute rather than per request.
    minute = timezone.now().replace(second=0, microsecond=0)
    published = Service.objects.published()
    found = published.filter_by(criteria, now=minute)
    # The rows' keys only: each card, and the hours its opening line is drawn from, come
    # from members.cards.
    services = found.sorted_by(form.sort_order(), now=minute)
    page = page_of_list(
        services,
        request.GET.get("page"),
        PER_PAGE,
        described_by=list_description(request, minute),
    )
    cards = service_cards([service.pk for service in page.object_list])
    openings = opening_statuses(cards, minute)
    page.object_list = [s for s in page.object_list if s.pk in cards]  # gone meanwhile
    for service in page.object_list:
        service.card = cards[service.pk]
        service.opening = openings[service.pk]
    # One-tap filters narrow a list of several services.
    shown = page.paginator.count > 1
    return _render_list(
        request,
        "members/service_list.html",
        form,
        page,
        published=published,
        narrow=lambda search: published.filter_by(search, now=minute),
        quick_filters=finding.quick_filters(request.GET, form, criteria) if shown else [],
        language_links=(
            finding.language_links(
                request.GET,
                found,
                criteria,
                described_by=list_description(request, minute, "languages of the results"),
            )
            if shown and criteria
            else []
        ),
        search_label=_("Search services"),
    )


# Pages ---------------------------------------------------------------------------------


def _access_ways(service: Service) -> list[str]:
    ways = [
        (service.access_walk_in, _("Walk in during opening hours; no appointment needed.")),
        (service.access_appointment, _("By appointment.")),
        (service.access_phone, _("By phone.")),
        (service.access_online, _("Online.")),
        (service.access_referral, _("Only with a referral from another service.")),
    ]
    return [text for flag, text in ways if flag]


def _ways_in(service: Service) -> list[str]:
    """How to get in, in a few words each, for the top of the service page."""
    ways = [
        (service.access_walk_in, _("Walk in")),
        (service.access_appointment, _("By appointment")),
        (service.access_phone, _("By phone")),
        (service.access_online, _("Online")),
        (service.access_referral, _("With a referral")),
    ]
    return [text for flag, text in ways if flag]


def _public_service(slug: str) -> Service:
    return get_object_or_404(
        Service.objects.published()
        .select_related("organisation__type", "category", "subcategory")
        .with_hours()
        .prefetch_related("locations", "languages", "population_groups"),
        slug=slug,
    )


def _remembered(kind: str, slug: str, load):
    """The record a public page shows, with the related rows it reads, kept until content
    changes (accmr.cache.remember) and for today only (closures are read from today on).

    What changes with the clock (open now, this week's hours) is worked out from it on each
    request. Reading the record and its five or six kinds of related rows was about 60 % of
    an uncached detail page (bench/RESULTS.md, issue 18). The record is shared by the
    requests of this process: views must not change it. An unknown slug raises Http404 and
    nothing is kept."""
    name = f"{kind}-page:{timezone.localdate().isoformat()}:{slug}"
    return remember(name, lambda: load(slug), seconds=settings.DATA_CACHE_SECONDS)


@dataclass(frozen=True)
class Contact:
    """The ways to reach a service: each its own, else its organisation's (`borrowed` names
    the ones taken from the organisation)."""

    phone: str
    email: str
    website: str
    borrowed: frozenset[str]


def _contact(service: Service) -> tuple[Contact, bool]:
    """Whose contact details the page shows, one by one: the service's own phone, e-mail and
    web page, else its organisation's; and whether none was borrowed."""
    organisation = service.organisation
    values, borrowed = {}, set()
    for name in ("phone", "email", "website"):
        values[name] = getattr(service, name) or getattr(organisation, name)
        if values[name] and not getattr(service, name):
            borrowed.add(name)
    contact = Contact(**values, borrowed=frozenset(borrowed))
    return contact, not borrowed


@require_safe
@cache_public_page
def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = _remembered("service", slug, _public_service)
    now = timezone.now()
    organisation = service.organisation
    contact, own_contact = _contact(service)
    today = timezone.localdate(now)
    hours = service.weekly_hours(now)
    context = {
        "service": service,
        "organisation": organisation,
        "opening": service.opening_status(now),
        # The week's hours and the coming closures are the same all day (a remembered part
        # of the page, per day); the opening line above them changes by the minute.
        "today": today,
        "hours": hours,
        "has_hours": any(row.periods for row in hours),
        "exceptions": service.coming_exceptions(today),
        "access_ways": _access_ways(service),
        "ways_in": _ways_in(service),
        "contact": contact,
        "own_contact": own_contact,
        "now": now,
        "share": share_links(
            request,
            path=service.get_absolute_url(),
            title=text_in_language(service, "name")[0],
            print_path=reverse("members:service_print", kwargs={"slug": service.slug}),
        ),
    }
    return render(request, "members/service_detail.html", context)


@require_safe
def service_print(request: HttpRequest, slug: str) -> HttpResponse:
    """The service on one A4 sheet for a client to keep: weekly hours and the date printed,
    never "open now" (not page-cached: the date printed is today's)."""
    service = _public_service(slug)
    now = timezone.now()
    contact, own_contact = _contact(service)
    hours = service.weekly_hours(now)
    context = {
        "service": service,
        "organisation": service.organisation,
        "hours": hours,
        "has_hours": any(row.periods for row in hours),
        "exceptions": service.coming_exceptions(timezone.localdate(now)),
        "access_ways": _access_ways(service),
        "contact": contact,
        "own_contact": own_contact,
        "printed_on": timezone.localdate(now),
        "share": share_links(
            request, path=service.get_absolute_url(), title=text_in_language(service, "name")[0]
        ),
    }
    return render(request, "members/service_print.html", context)


def _public_organisation(slug: str, *, with_services: bool = True) -> Organisation:
    queryset = Organisation.objects.published().select_related("type")
    if with_services:
        queryset = queryset.prefetch_related(
            Prefetch(
                "services",
                queryset=Service.objects.published()
                .select_related("category", "subcategory")
                .with_hours()
                .by_name(),
                to_attr="public_services",
            ),
            "locations",
        )
    return get_object_or_404(queryset, slug=slug)


@require_safe
@cache_public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _remembered("organisation", slug, _public_organisation)
    now = timezone.now()
    context = {
        "organisation": organisation,
        "services": [
            (service, service.opening_status(now)) for service in organisation.public_services
        ],
        "locations": organisation.locations.all(),
        "areas": areas(organisation.locations.all()),
        "share": share_links(
            request,
            path=organisation.get_absolute_url(),
            title=text_in_language(organisation, "name")[0],
        ),
    }
    return render(request, "members/organisation_detail.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def organisation_report(request: HttpRequest, slug: str) -> HttpResponse:
    """A visitor's report form; a page of its own, so the organisation page can be cached."""
    organisation = _public_organisation(slug, with_services=False)
    services = list(organisation.services.published().by_name())
    form = ProblemReportForm(
        request.POST if request.method == "POST" else None,
        organisation=organisation,
        services=services,
        initial={"service": request.GET.get("service", "")},
    )
    status = 200
    if request.method == "POST":
        thanks = _("Thank you. Your report has reached the ACCMR team, who will check the page.")
        if REPORT_LIMIT.client_exhausted(request):
            status = 429
            form.add_error(
                None,
                _("We have received several reports from your connection. Please try later."),
            )
        elif form.honeypot_filled():
            # Most likely a robot: tell it nothing, keep nothing.
            REPORT_LIMIT.hit_client(request)
            messages.success(request, thanks)
            return redirect(organisation)
        elif form.is_valid():
            REPORT_LIMIT.hit_client(request)
            problem_report_submit(
                organisation=organisation,
                service=form.cleaned_data["service"],
                message=form.cleaned_data["message"],
                contact_email=form.cleaned_data["contact_email"],
            )
            messages.success(request, thanks)
            return redirect(organisation)
        else:
            status = 400
    context = {"organisation": organisation, "form": form}
    return render(request, "members/organisation_report.html", context, status=status)
