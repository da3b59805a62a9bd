"""Opening hours: open now, the next opening and the weekly table (time frozen in Athens)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from members.models import Service, ServiceStatus
from tests.factories import add_hours, make_service

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in the week of Monday 10 March 2025, Athens time (3 March was Clean Monday,
    a public holiday)."""
    return dt.datetime(2025, 3, 10 + day, hour, minute, tzinfo=ATHENS)


@pytest.fixture
def office_hours():
    service = make_service()
    add_hours(service, 0, "09:00", "13:00")
    add_hours(service, 0, "17:00", "20:00")
    add_hours(service, 2, "09:00", "13:00")
    return Service.objects.prefetch_related("schedules").get(pk=service.pk)


def test_open_during_a_period_until_its_end(office_hours):
    status = office_hours.opening_status(at(0, 10))
    assert status.state == "open"
    assert status.until == dt.time(13, 0)


def test_between_two_periods_it_opens_again_today(office_hours):
    status = office_hours.opening_status(at(0, 14))
    assert (status.state, status.day) == ("opens", "today")
    assert status.opens_at == at(0, 17)


def test_closing_time_itself_is_closed(office_hours):
    assert office_hours.opening_status(at(0, 13)).state == "opens"
    assert office_hours.open_period_at(at(0, 13)) is None
    assert office_hours.open_period_at(at(0, 12, 59)).closes == dt.time(13, 0)


def test_after_the_last_period_it_opens_on_another_day(office_hours):
    status = office_hours.opening_status(at(0, 21))
    assert (status.state, status.day) == ("opens", "")
    assert status.opens_at == at(2, 9)
    assert office_hours.opening_status(at(1, 8)).day == "tomorrow"


def test_next_opening_wraps_round_the_week(office_hours):
    status = office_hours.opening_status(at(2, 14))
    assert status.opens_at == at(7, 9)  # next Monday


def test_utc_moments_are_read_in_athens_time(office_hours):
    # 07:30 UTC is 09:30 in Athens in winter.
    moment = dt.datetime(2025, 3, 10, 7, 30, tzinfo=dt.UTC)
    assert office_hours.opening_status(moment).state == "open"
    assert Service.objects.filter(pk=office_hours.pk).open_at(moment).exists()
    assert not Service.objects.filter(pk=office_hours.pk).open_at(at(0, 14)).exists()


def test_temporarily_closed_is_never_open():
    service = make_service(status=ServiceStatus.CLOSED)
    add_hours(service, 0, "00:00", "23:59")
    assert service.opening_status(at(0, 10)).state == "closed"
    assert not Service.objects.open_at(at(0, 10)).exists()


def test_no_hours_means_unknown():
    assert make_service().opening_status(at(0, 10)).state == "unknown"


def test_weekly_table_has_seven_days_starting_monday_and_marks_today(office_hours):
    with timezone.override(ATHENS):
        rows = office_hours.weekly_hours(at(2, 10))
    assert [row.is_today for row in rows] == [False, False, True, False, False, False, False]
    assert [len(row.periods) for row in rows] == [2, 0, 1, 0, 0, 0, 0]
    assert str(rows[0].day) in ("Monday", "Δευτέρα")


def test_service_page_hours_in_greek_and_english(client, office_hours, monday_morning):
    english = client.get(f"/en/services/{office_hours.slug}/").content.decode()
    greek = client.get(f"/el/services/{office_hours.slug}/").content.decode()
    # Each period read left to right in any page direction (isolated for RTL pages).
    assert '<bdi dir="ltr">09:00–13:00</bdi>, <bdi dir="ltr">17:00–20:00</bdi>' in english
    assert "Monday (today)" in english
    assert "Open now" in english
    assert "Δευτέρα" in greek
    assert "Ανοιχτό τώρα" in greek


@pytest.mark.parametrize(
    "moment",
    [at(0, 8, 59), at(0, 9), at(0, 12, 59), at(0, 13), at(0, 17), at(0, 20), at(1, 10), at(2, 9)],
)
def test_the_list_filter_and_the_page_apply_the_same_open_now_rule(office_hours, moment):
    on_page = office_hours.open_period_at(moment) is not None
    in_list = Service.objects.filter(pk=office_hours.pk).open_at(moment).exists()
    assert in_list == on_page


def test_an_opening_line_drawn_once_is_still_drawn_per_language_and_time_zone():
    import datetime as dt

    from django.utils import timezone, translation

    from members.models.hours import OpeningStatus
    from members.templatetags.directory import opening_line

    opening = OpeningStatus("open", until=dt.time(17, 0))
    with translation.override("en"):
        english = opening_line(opening)
    with translation.override("el"):
        greek = opening_line(opening)
    with translation.override("en"):
        assert opening_line(opening) == english
    assert "Open now" in english and "Open now" not in greek
    opens = OpeningStatus("opens", opens_at=dt.datetime(2025, 3, 10, 7, 0, tzinfo=dt.UTC))
    with translation.override("en"):
        athens = opening_line(opens)
        with timezone.override("UTC"):
            utc = opening_line(opens)
    assert "09:00" in athens and "07:00" in utc
