"""Activities in order of their next occurrence, for the list, the home page and an
organisation's page. Weekly repeats are expanded in Python over rows that SQL has narrowed
down and read with their times only; then only the rows shown are loaded in full."""

import datetime as dt

from django.utils import timezone

from bulletin.activity_forms import DateRange
from bulletin.models import Activity

TIME_FIELDS = ("pk", "starts_at", "ends_at", "repeat", "repeat_weekdays", "repeat_until")


def in_period(activities, period: DateRange) -> list[tuple[dt.datetime, dt.datetime, int]]:
    """(start, end, pk) of each activity's first occurrence in `period`, soonest first.

    One query, reading only the times; activities with no occurrence in the period (a weekly
    one whose days all fall outside it) are left out.
    """
    found = []
    for activity in activities.only(*TIME_FIELDS).order_by():
        occurrence = next(activity.occurrences_between(period.start, period.end), None)
        if occurrence is not None:
            found.append((occurrence[0], occurrence[1], activity.pk))
    found.sort()
    return found


def with_details(occurrences: list[tuple[dt.datetime, dt.datetime, int]]) -> list[Activity]:
    """The activities of `occurrences`, in that order, loaded for a list (three queries)."""
    rows = (
        Activity.objects.filter(pk__in=[pk for _s, _e, pk in occurrences])
        .select_related("organisation", "category", "location")
        .prefetch_related("languages", "population_groups")
    )
    by_pk = {activity.pk: activity for activity in rows}
    result = []
    for start, end, pk in occurrences:
        activity = by_pk[pk]
        activity.occurrence_start, activity.occurrence_end = start, end
        result.append(activity)
    return result


def next_activities(limit: int, *, organisation=None) -> tuple[list[Activity], bool]:
    """The next `limit` published activities (of `organisation`, if given), and whether
    there are more. Four queries at most: times, rows, languages, population groups."""
    period = DateRange(timezone.now(), None)
    activities = Activity.objects.published().overlapping(period.start)
    if organisation is not None:
        activities = activities.filter(organisation=organisation)
    occurrences = in_period(activities, period)
    return with_details(occurrences[:limit]), len(occurrences) > limit
