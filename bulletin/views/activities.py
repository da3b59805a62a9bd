"""Activities: the public list, an activity's page, their calendars, and the editors' pages.

The list shows each activity once, at its next occurrence in the period asked for, soonest
first. Weekly repeats are expanded in Python: SQL narrows the candidates (published, not
over, matching the filters) and reads only their times; the occurrences decide which are
in the period and in what order; then only the page's rows are loaded in full. So the list
costs the same few queries whatever the number of activities (see the query-count tests).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accmr.cache import cache_public_page
from accmr.lib.forms import form_status
from accmr.lib.pagination import page_of
from bulletin.activity_forms import ActivityFilterForm, ActivityForm, DateRange
from bulletin.activity_lists import in_period, with_details
from bulletin.calendar import build_calendar
from bulletin.models import Activity, ActivityStatus
from members.editor import access
from members.forms import Vocabularies
from members.models import Organisation

PER_PAGE = 20
MAX_FEED_EVENTS = 500


def _filtered(criteria: dict, period: DateRange):
    """Published activities that may occur in `period` and match the criteria (SQL only)."""
    return Activity.objects.published().overlapping(period.start, period.end).filter_by(criteria)


@require_safe
@cache_public_page
def activity_list(request: HttpRequest) -> HttpResponse:
    # Queries: categories, population groups, languages (the filter form); the candidates'
    # times; the page's activities (+ organisation, category, location); their languages;
    # their population groups.
    form = ActivityFilterForm(request.GET, vocabularies=Vocabularies.remembered(with_types=False))
    criteria = form.filters()
    period = form.date_range()
    occurrences = in_period(_filtered(criteria, period), period)
    page = page_of(occurrences, request.GET.get("page"), PER_PAGE)
    page.object_list = with_details(page.object_list)
    context = {
        "form": form,
        "filters_open": bool(form.errors) or any(name != "q" for name in criteria),
        "searching": bool(criteria),
        "filter_errors": form.filter_errors(),
        "paginator": page.paginator,
        "page": page,
        "share_url": request.build_absolute_uri(),
        "search_label": gettext("Find activities"),
        "calendar_query": request.GET.urlencode(),
    }
    return render(
        request,
        "bulletin/activities/activity_list.html",
        context,
    )


def _calendar_response(body: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
@cache_public_page
def activity_list_calendar(request: HttpRequest) -> HttpResponse:
    """The list's activities (same query string, every page) as a calendar to subscribe to."""
    form = ActivityFilterForm(request.GET, vocabularies=Vocabularies.remembered(with_types=False))
    if form.errors:
        details = "; ".join(
            f"{label}: {' '.join(errors)}" for label, errors in form.filter_errors()
        )
        return HttpResponse(
            gettext("These filters were not understood: {details}").format(details=details),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    period = form.date_range()
    occurrences = in_period(_filtered(form.filters(), period), period)[:MAX_FEED_EVENTS]
    body = build_calendar(
        with_details(occurrences), request=request, name=gettext("ACCMR: activities")
    )
    return _calendar_response(body, "accmr-activities.ics", attachment=False)


def _published_activity(pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.published().select_related("organisation", "category", "location"),
        pk=pk,
    )


@require_safe
@cache_public_page
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Queries: the activity (+ organisation, category, location); languages; population groups.
    activity = _published_activity(pk)
    now = timezone.now()
    context = {
        "activity": activity,
        "next": activity.next_occurrence(now),
        "upcoming": list(activity.occurrences_between(now))[:6] if activity.is_weekly else [],
        "languages": list(activity.languages.all()),
        "population_groups": list(activity.population_groups.all()),
    }
    return render(request, "bulletin/activities/activity_detail.html", context)


@require_safe
@cache_public_page
def activity_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Add to my calendar": the activity (all its repeats) as an .ics file."""
    activity = _published_activity(pk)
    body = build_calendar([activity], request=request, name=activity.title)
    return _calendar_response(body, f"activity-{activity.pk}.ics", attachment=True)


# The editors' pages (/my/activities/...) ------------------------------------------------


def _activity_for_editor(request: HttpRequest, pk: int) -> Activity:
    return get_object_or_404(
        Activity.objects.for_editor(request.user).select_related("organisation"), pk=pk
    )


@login_required
@require_safe
def my_activities(request: HttpRequest) -> HttpResponse:
    organisations = list(Organisation.objects.for_editor(request.user).order_by("name"))
    activities = (
        Activity.objects.filter(organisation__in=organisations)
        .select_related("organisation")
        .order_by("-starts_at")
    )
    by_organisation = {organisation.pk: [] for organisation in organisations}
    for activity in activities:
        by_organisation[activity.organisation_id].append(activity)
    cards = [(o, by_organisation[o.pk]) for o in organisations]
    return render(request, "bulletin/activities/my_activities.html", {"cards": cards})


def _save(request: HttpRequest, form: ActivityForm) -> Activity:
    """Save the editor's activity: published at once for a trusted organisation, otherwise
    waiting for a coordinator's review (and hidden from the public until then)."""
    activity = form.save(commit=False)
    trusted = activity.organisation.is_trusted
    activity.status = ActivityStatus.PUBLISHED if trusted else ActivityStatus.PENDING
    activity.save()
    form.save_m2m()
    if trusted:
        messages.success(request, gettext("The activity is published."))
    else:
        messages.success(
            request,
            gettext(
                "Thank you. The activity was sent for review; visitors see it once a "
                "coordinator publishes it."
            ),
        )
    return activity


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _activity_form_page(request, access.organisation_for_editor(request, pk), None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_for_editor(request, pk)
    return _activity_form_page(request, activity.organisation, activity)


def _activity_form_page(
    request: HttpRequest, organisation: Organisation, activity: Activity | None
) -> HttpResponse:
    """The activity form, new (`activity` None) or editing; saved, it leads back to the list."""
    form = ActivityForm(request.POST or None, instance=activity, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        _save(request, form)
        return redirect("bulletin:my_activities")
    context = {"organisation": organisation, "form": form, "activity": activity}
    return render(
        request, "bulletin/activities/activity_form.html", context, status=form_status(form)
    )


@login_required
@require_POST
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity_for_editor(request, pk)
    title = activity.title
    activity.delete()
    messages.success(request, gettext("“{title}” was deleted.").format(title=title))
    return redirect("bulletin:my_activities")
