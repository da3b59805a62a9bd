"""When an activity happens: one-off and weekly occurrences, in Athens time, across DST."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from bulletin.models import Activity
from tests.bulletin.conftest import athens
from tests.factories import make_activity, make_location

pytestmark = pytest.mark.django_db


def weekly(**kw) -> Activity:
    return make_activity(repeat=Activity.Repeat.WEEKLY, **kw)


def test_weekly_occurrences_keep_the_athens_clock_time_across_summer_time(frozen):
    # Thursdays 18:00-20:00 from 26 March to 9 April 2026; summer time starts on 29 March.
    activity = weekly(
        starts_at=athens(2026, 3, 26, 18, 0), repeat_weekdays="3", repeat_until=dt.date(2026, 4, 9)
    )
    occurrences = list(activity.occurrences())
    assert [(s.date(), s.hour, e.hour) for s, e in occurrences] == [
        (dt.date(2026, 3, 26), 18, 20),
        (dt.date(2026, 4, 2), 18, 20),
        (dt.date(2026, 4, 9), 18, 20),
    ]
    # The same clock time is a different UTC time before and after the change.
    assert occurrences[0][0].astimezone(dt.UTC).hour == 16
    assert occurrences[1][0].astimezone(dt.UTC).hour == 15


def test_weekly_on_several_days_gives_each_chosen_day_until_the_last_day(frozen):
    # Monday and Wednesday from Monday 23 March to Monday 6 April 2026.
    activity = weekly(
        starts_at=athens(2026, 3, 23, 10, 0), repeat_weekdays="02", repeat_until=dt.date(2026, 4, 6)
    )
    days = [start.date().day for start, _end in activity.occurrences()]
    assert days == [23, 25, 30, 1, 6]


def test_next_occurrence_includes_one_under_way_and_skips_past_ones(frozen):
    # Now is Wednesday 25 March at 12:00; today's 10:00-13:00 session is still under way.
    activity = weekly(
        starts_at=athens(2026, 3, 23, 10, 0),
        hours=3,
        repeat_weekdays="02",
        repeat_until=dt.date(2026, 4, 6),
    )
    start, _end = activity.next_occurrence()
    assert start == athens(2026, 3, 25, 10, 0)
    start, _end = activity.next_occurrence(athens(2026, 3, 25, 13, 30))
    assert start == athens(2026, 3, 30, 10, 0)


def test_activity_has_no_next_occurrence_after_its_last_one(frozen):
    one_off = make_activity(starts_at=athens(2026, 3, 24, 10, 0))
    assert one_off.next_occurrence() is None
    repeating = weekly(
        starts_at=athens(2026, 3, 2, 10, 0), repeat_weekdays="0", repeat_until=dt.date(2026, 3, 23)
    )
    assert repeating.next_occurrence() is None
    assert repeating.next_occurrence(athens(2026, 3, 23, 11, 0)) is not None


def test_occurrences_between_a_period_leave_out_days_outside_it(frozen):
    activity = weekly(
        starts_at=athens(2026, 3, 23, 10, 0), repeat_weekdays="0", repeat_until=dt.date(2026, 6, 1)
    )
    # Tuesday to Saturday: no Monday in between.
    assert list(activity.occurrences_between(athens(2026, 3, 31), athens(2026, 4, 5))) == []
    found = list(activity.occurrences_between(athens(2026, 5, 1), athens(2026, 5, 12)))
    assert [start.date() for start, _end in found] == [dt.date(2026, 5, 4), dt.date(2026, 5, 11)]


def _unsaved(**kw) -> Activity:
    activity = make_activity()
    for name, value in kw.items():
        setattr(activity, name, value)
    return activity


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"repeat": "weekly", "repeat_weekdays": "", "repeat_until": dt.date(2026, 5, 1)},
         "repeat_weekdays"),
        ({"repeat": "weekly", "repeat_weekdays": "3", "repeat_until": None}, "repeat_until"),
        # The first day (a Thursday) must be one of the chosen days.
        ({"repeat": "weekly", "repeat_weekdays": "0", "repeat_until": dt.date(2026, 5, 1)},
         "repeat_weekdays"),
        ({"repeat": "weekly", "repeat_weekdays": "3", "repeat_until": dt.date(2027, 6, 1)},
         "repeat_until"),
        ({"registration": "link", "registration_contact": "javascript:alert(1)"},
         "registration_contact"),
        ({"registration": "email", "registration_contact": "not an address"},
         "registration_contact"),
        ({"registration": "phone", "registration_contact": ""}, "registration_contact"),
        ({"place": "address", "address_el": "", "address_en": ""}, "address_el"),
        ({"place": "location", "location": None}, "location"),
    ],
)  # fmt: skip
def test_model_validation_refuses_incomplete_or_wrong_details(frozen, changes, field):
    activity = _unsaved(starts_at=athens(2026, 3, 26, 18, 0), ends_at=athens(2026, 3, 26, 20))
    for name, value in changes.items():
        setattr(activity, name, value)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert field in error.value.message_dict


def test_a_location_of_another_organisation_is_refused(frozen):
    activity = make_activity()
    activity.place = Activity.Place.LOCATION
    activity.location = make_location()  # belongs to a new organisation
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert "location" in error.value.message_dict
