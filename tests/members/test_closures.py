"""Closures, special hours and public holidays: the service page, "open now" (the method and
the SQL filter agree) and the editors' page for entering dates."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from members.models import Closure, Service
from tests.factories import (
    add_closure,
    add_hours,
    make_editor,
    make_organisation,
    make_service,
)

pytestmark = pytest.mark.django_db
ATHENS = ZoneInfo("Europe/Athens")
PASSWORD = "correct horse battery"


def at(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=ATHENS)


@pytest.fixture
def weekdays():
    """Open Monday to Friday 09:00-17:00."""
    organisation = make_organisation(slug="weekday-org")
    service = make_service(name="Καθημερινή", slug="weekdays", organisation=organisation)
    for weekday in range(5):
        add_hours(service, weekday, "09:00", "17:00")
    return service


def fresh(service) -> Service:
    return Service.objects.with_hours(dt.date(2026, 1, 1)).get(pk=service.pk)


def is_open(service, moment) -> bool:
    return service.open_period_at(moment) is not None


def open_by_sql(moment) -> bool:
    return Service.objects.filter(slug="weekdays").open_at(moment).exists()


# Whit Monday 2026 is 1 June; Clean Monday 23 February; Christmas Friday 25 December.
HOLIDAYS = [at(2026, 6, 1, 10), at(2026, 2, 23, 10), at(2026, 12, 25, 10), at(2026, 4, 10, 10)]


@pytest.mark.parametrize("moment", HOLIDAYS, ids=str)
def test_a_public_holiday_closes_the_service_unless_it_opens_on_them(weekdays, moment):
    assert is_open(fresh(weekdays), moment) is False
    assert open_by_sql(moment) is False
    weekdays.open_on_public_holidays = True
    weekdays.save()
    assert is_open(fresh(weekdays), moment) is True
    assert open_by_sql(moment) is True


def test_an_ordinary_weekday_is_open(weekdays):
    assert is_open(fresh(weekdays), at(2026, 6, 2, 10)) is True
    assert open_by_sql(at(2026, 6, 2, 10)) is True


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at(2026, 8, 3, 10), False),  # inside the closure
        (at(2026, 8, 14, 16, 59), False),  # its last day
        (at(2026, 8, 17, 9), True),  # the Monday after
        (at(2026, 7, 31, 10), True),  # the Friday before
    ],
)
def test_a_closure_entered_for_dates_closes_the_service(weekdays, moment, expected):
    add_closure(weekdays, "2026-08-01", "2026-08-14", note_el="Καλοκαιρινό κλείσιμο")
    assert is_open(fresh(weekdays), moment) is expected
    assert open_by_sql(moment) is expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(at(2026, 12, 24, 9, 30), True), (at(2026, 12, 24, 12), False), (at(2026, 12, 27, 11), True)],
)
def test_special_hours_replace_the_weekly_ones_even_on_a_sunday(weekdays, moment, expected):
    add_closure(weekdays, "2026-12-24", opens="09:00", closes="11:00")  # Christmas Eve, short
    add_closure(weekdays, "2026-12-27", opens="10:00", closes="12:00")  # a Sunday, open
    assert is_open(fresh(weekdays), moment) is expected
    assert open_by_sql(moment) is expected


def test_the_next_opening_skips_holidays_and_closures(weekdays):
    # Thursday 24 December evening: Christmas (Fri), the weekend, then Monday 28.
    add_closure(weekdays, "2026-12-28")
    status = fresh(weekdays).opening_status(at(2026, 12, 24, 18))
    assert status.state == "opens"
    assert status.opens_at == at(2026, 12, 29, 9)


def test_today_says_why_it_is_closed(weekdays):
    status = fresh(weekdays).opening_status(at(2026, 6, 1, 10))
    assert status.state == "opens"
    assert status.note == "Whit Monday (Holy Spirit)" or status.note == "Αγίου Πνεύματος"


@time_machine.travel(at(2026, 12, 10, 10), tick=False)
@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        ("el", ["Χριστούγεννα", "Εκπαίδευση προσωπικού", "ανοιχτά 09:00–11:00"]),
        ("en", ["Christmas Day", "Staff training", "open 09:00–11:00"]),
    ],
)
def test_service_page_lists_coming_closures_and_holidays(client, weekdays, lang, texts):
    add_closure(weekdays, "2026-12-14", note_el="Εκπαίδευση προσωπικού", note_en="Staff training")
    add_closure(weekdays, "2026-12-24", opens="09:00", closes="11:00")
    add_closure(weekdays, "2026-11-02")  # past: not shown
    page = client.get(f"/{lang}/services/weekdays/").content.decode()
    for text in texts:
        assert text in page
    assert "2/11" not in page


@time_machine.travel(at(2026, 6, 1, 10), tick=False)
def test_open_now_filter_leaves_out_services_closed_for_the_holiday(client, weekdays):
    keeper = make_service(name="Ανοιχτή", slug="keeper", open_on_public_holidays=True)
    add_hours(keeper, 0, "09:00", "17:00")
    page = client.get("/en/services/?open_now=on").content.decode()
    assert "/en/services/keeper/" in page
    assert "/en/services/weekdays/" not in page


def test_service_list_reads_closures_in_one_query_whatever_the_rows(
    client, django_assert_max_num_queries
):
    for number in range(12):
        service = make_service(slug=f"many-{number}")
        add_hours(service, 0, "09:00", "13:00")
        add_closure(service, "2099-01-05")
    # vocabularies (one query), count, keys of the page, rows, languages, schedules, closures,
    # locations, the languages of the results
    with django_assert_max_num_queries(9):
        assert client.get("/en/services/").status_code == 200


# The editors' page ---------------------------------------------------------------------


@pytest.fixture
def editor_client(client, weekdays):
    client.force_login(make_editor(weekdays.organisation, password=PASSWORD))
    return client


def test_editor_adds_a_one_day_closure_published_at_once(editor_client, weekdays):
    url = f"/el/my/services/{weekdays.pk}/closures/"
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, {"starts_on": "2099-12-14", "note_el": "Απεργία"})
    assert response.status_code == 302
    closure = Closure.objects.get(service=weekdays)
    assert (closure.starts_on, closure.ends_on) == (dt.date(2099, 12, 14), dt.date(2099, 12, 14))
    assert closure.created_by.editor_memberships.get().organisation == weekdays.organisation
    assert is_open(fresh(weekdays), at(2099, 12, 14, 10)) is False
    assert "Απεργία" in editor_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"starts_on": "2020-12-01"}, "ends_on", "These dates are past"),
        ({"starts_on": "2099-12-20", "ends_on": "2099-12-18"}, "ends_on", "cannot be before"),
        ({"starts_on": "2099-12-20", "opens": "09:00"}, "closes", "Give both times"),
        ({"starts_on": "2099-12-20", "opens": "12:00", "closes": "10:00"}, "closes", "after"),
        ({"starts_on": "2099-12-20", "ends_on": "2101-12-20"}, "ends_on", "at most a year"),
        ({"starts_on": "not a date"}, "starts_on", "Enter a valid date"),
        ({"starts_on": "2099-12-20", "note_en": "Strike"}, "note_el", "Greek text first"),
    ],
)
def test_editor_gets_a_clear_message_for_bad_dates(editor_client, weekdays, data, field, message):
    response = editor_client.post(f"/en/my/services/{weekdays.pk}/closures/", data)
    assert response.status_code == 400
    assert message in str(response.context["form"].errors[field])
    assert not Closure.objects.exists()


def test_editor_removes_dates_and_sets_public_holidays(editor_client, weekdays):
    closure = add_closure(weekdays, "2099-01-05")
    response = editor_client.post(f"/en/my/closures/{closure.pk}/delete/")
    assert response.status_code == 302
    assert not Closure.objects.exists()
    editor_client.post(
        f"/en/my/services/{weekdays.pk}/public-holidays/", {"open_on_public_holidays": "on"}
    )
    weekdays.refresh_from_db()
    assert weekdays.open_on_public_holidays is True
    editor_client.post(f"/en/my/services/{weekdays.pk}/public-holidays/", {})
    weekdays.refresh_from_db()
    assert weekdays.open_on_public_holidays is False
