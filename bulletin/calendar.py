"""iCalendar (RFC 5545) files of activities, built with the `icalendar` package.

Times are written as local Athens times with TZID=Europe/Athens and a VTIMEZONE that
describes Athens' offsets, so a calendar program shows the right clock time on either side
of a daylight-saving change. A weekly activity is one VEVENT with an RRULE (its days and its
last day), not one event per week.
"""

import datetime as dt
from collections.abc import Iterable

import icalendar
from django.conf import settings
from django.utils import timezone, translation

from accmr.lib.origin import site_origin
from accmr.lib.translated_fields import text_in_language
from bulletin.models import Activity

PRODUCT_ID = "-//ACCMR//Portal activities//EL"
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _text(activity: Activity, field: str) -> str:
    """The field in the active language, Greek when there is no translation."""
    return text_in_language(activity, field)[0]


def _where(activity: Activity) -> str:
    if activity.place == Activity.Place.ONLINE:
        return translation.gettext("Online")
    if activity.place == Activity.Place.LOCATION and activity.location_id:
        location = activity.location
        parts = [location.address, location.postcode, location.municipality]
        return ", ".join(part for part in parts if part)
    return _text(activity, "address")


def activity_event(activity: Activity, *, origin: str) -> icalendar.Event:
    event = icalendar.Event()
    host = origin.split("://", 1)[-1] or "accmr"
    event.add("uid", f"activity-{activity.pk}@{host}")
    event.add("dtstamp", activity.updated_at or timezone.now())
    event.add("last-modified", activity.updated_at or timezone.now())
    # Local times with their zone: the VTIMEZONE is added to the calendar by the caller.
    event.add("dtstart", activity.local_start)
    event.add("dtend", activity.local_end)
    event.add("summary", _text(activity, "title"))
    url = origin + activity.get_absolute_url()
    event.add("description", f"{_text(activity, 'description')}\n\n{url}")
    event.add("url", url)
    where = _where(activity)
    if where:
        event.add("location", where)
    event.add("organizer", f"{origin}{activity.organisation.get_absolute_url()}",
              parameters={"cn": activity.organisation.name})  # fmt: skip
    if activity.is_weekly and activity.repeat_until:
        # UNTIL is the last day's start in UTC (RFC 5545 3.3.10, with a DTSTART with TZID).
        last_start = timezone.make_aware(
            dt.datetime.combine(activity.repeat_until, activity.local_start.time())
        )
        event.add(
            "rrule",
            {
                "freq": "weekly",
                "byday": [RRULE_DAYS[d] for d in activity.weekdays],
                "until": last_start.astimezone(dt.UTC),
            },
        )
    return event


def build_calendar(activities: Iterable[Activity], *, request, name: str) -> bytes:
    """An .ics file of `activities` (rows with their organisation and location loaded)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    origin = site_origin(request)
    first = last = None
    for activity in activities:
        calendar.add_component(activity_event(activity, origin=origin))
        start = activity.local_start.date()
        end = activity.repeat_until or activity.local_end.date()
        first = start if first is None else min(first, start)
        last = end if last is None else max(last, end)
    if first is not None:
        # The offsets that apply over the events' dates only, to keep the file small.
        calendar.add_missing_timezones(
            first_date=first - dt.timedelta(days=366), last_date=last + dt.timedelta(days=366)
        )
    return calendar.to_ical()
