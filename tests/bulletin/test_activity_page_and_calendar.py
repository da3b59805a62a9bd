"""An activity's page and the iCalendar files (parsed back with `icalendar`)."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest

from bulletin.models import Activity, ActivityStatus
from tests.bulletin.conftest import athens
from tests.factories import (
    make_activity,
    make_language,
    make_location,
    make_organisation,
    make_weekly_activity,
)

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")


def events(response) -> list[icalendar.Event]:
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    return list(calendar.walk("VEVENT"))


@pytest.mark.parametrize("lang", ["el", "en"])
def test_activity_page_shows_when_where_and_the_calendar_link(client, frozen, lang):
    organisation = make_organisation(name="Οργάνωση", name_en="An organisation")
    location = make_location(organisation=organisation, address_el="Σοφοκλέους 1")
    activity = make_activity(
        title="Μαθήματα ελληνικών",
        title_en="Greek lessons",
        organisation=organisation,
        place=Activity.Place.LOCATION,
        location=location,
        starts_at=athens(2026, 3, 26, 18),
        registration=Activity.Registration.EMAIL,
        registration_contact="lessons@example.org",
        capacity=12,
    )
    html = client.get(f"/{lang}/activities/{activity.pk}/").content.decode()
    assert "Greek lessons" in html if lang == "en" else "Μαθήματα ελληνικών" in html
    assert "Σοφοκλέους 1" in html
    assert f'href="/{lang}/activities/{activity.pk}/calendar.ics"' in html
    assert "mailto:lessons@example.org" in html
    assert 'datetime="2026-03-26T18:00:00+02:00"' in html


@pytest.mark.parametrize("lang", ["el", "en"])
def test_a_past_activity_keeps_its_page_marked_as_ended(client, frozen, lang):
    activity = make_activity(title="Παλιά", title_en="Old one", starts_at=athens(2026, 3, 1, 10))
    response = client.get(f"/{lang}/activities/{activity.pk}/")
    assert response.status_code == 200
    ended = {"el": "Αυτή η δράση έχει ολοκληρωθεί.", "en": "This activity has ended."}[lang]
    assert ended in response.content.decode()
    assert "calendar.ics" not in response.content.decode().split("<main", 1)[1]


@pytest.mark.parametrize("status", [ActivityStatus.DRAFT, ActivityStatus.PENDING])
def test_unpublished_activities_have_no_public_page_nor_calendar(client, frozen, status):
    activity = make_activity(status=status)
    assert client.get(f"/el/activities/{activity.pk}/").status_code == 404
    assert client.get(f"/el/activities/{activity.pk}/calendar.ics").status_code == 404


def test_one_off_ics_has_athens_local_times_with_a_vtimezone(client, frozen):
    activity = make_activity(title="Ενημέρωση", starts_at=athens(2026, 4, 2, 18, 30), hours=1.5)
    response = client.get(f"/el/activities/{activity.pk}/calendar.ics")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Athens"]
    (event,) = calendar.walk("VEVENT")
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert event["DTSTART"].params["TZID"] == "Europe/Athens"
    assert (start.hour, start.minute, end.hour, end.minute) == (18, 30, 20, 0)
    assert start.utcoffset() == dt.timedelta(hours=3)  # summer time in April
    assert str(event["SUMMARY"]) == "Ενημέρωση"
    assert f"/activities/{activity.pk}/" in str(event["URL"])


def test_weekly_ics_is_one_event_with_an_rrule_that_expands_to_local_times(client, frozen):
    activity = make_weekly_activity("02", dt.date(2026, 4, 6), starts_at=athens(2026, 3, 23, 10))
    (event,) = events(client.get(f"/en/activities/{activity.pk}/calendar.ics"))
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["MO", "WE"]
    # A calendar program expands the rule: every occurrence at 10:00 Athens time, summer or not.
    from dateutil.rrule import rrulestr

    starts = list(rrulestr(event["RRULE"].to_ical().decode(), dtstart=event.decoded("DTSTART")))
    assert [(s.astimezone(ATHENS).day, s.astimezone(ATHENS).hour) for s in starts] == [
        (23, 10), (25, 10), (30, 10), (1, 10), (6, 10),
    ]  # fmt: skip
    assert [s.astimezone(dt.UTC).hour for s in starts] == [8, 8, 7, 7, 7]


def test_list_calendar_follows_the_same_filters_as_the_list(client, frozen):
    arabic = make_language(slug="ar", name="Αραβικά", name_en="Arabic")
    wanted = make_activity(title="Στα αραβικά", starts_at=athens(2026, 3, 27, 10))
    wanted.languages.add(arabic)
    make_activity(title="Άλλη γλώσσα", starts_at=athens(2026, 3, 27, 12))
    make_activity(title="Τον άλλο μήνα", starts_at=athens(2026, 4, 20, 12)).languages.add(arabic)
    found = events(client.get("/el/activities/calendar.ics?language=ar&when=week"))
    assert [str(e["SUMMARY"]) for e in found] == ["Στα αραβικά"]


def test_list_calendar_refuses_filters_it_does_not_understand(client, frozen):
    response = client.get("/en/activities/calendar.ics?when=someday&date_from=x")
    assert response.status_code == 400
    assert "not understood" in response.content.decode()


def test_an_empty_calendar_is_still_a_valid_calendar(client, frozen):
    response = client.get("/en/activities/calendar.ics")
    assert response.status_code == 200
    assert events(response) == []
