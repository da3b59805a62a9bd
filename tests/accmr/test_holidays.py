"""Greek public holidays, computed: fixed dates and those that move with Orthodox Easter; the
working days they leave."""

import datetime as dt

import pytest
from django.utils import translation

from accmr.lib.holidays import (
    first_working_day,
    greek_public_holidays,
    is_working_day,
    public_holiday,
)


@pytest.mark.parametrize(
    ("year", "easter", "clean_monday", "whit_monday"),
    [
        # Published Orthodox Easter dates (Western Easter differs in all but 2025).
        (2024, dt.date(2024, 5, 5), dt.date(2024, 3, 18), dt.date(2024, 6, 24)),
        (2025, dt.date(2025, 4, 20), dt.date(2025, 3, 3), dt.date(2025, 6, 9)),
        (2026, dt.date(2026, 4, 12), dt.date(2026, 2, 23), dt.date(2026, 6, 1)),
        (2027, dt.date(2027, 5, 2), dt.date(2027, 3, 15), dt.date(2027, 6, 21)),
    ],
)
def test_moving_holidays_follow_orthodox_easter(year, easter, clean_monday, whit_monday):
    days = greek_public_holidays(year)
    assert easter in days
    assert easter - dt.timedelta(days=2) in days  # Good Friday
    assert easter + dt.timedelta(days=1) in days  # Easter Monday
    assert clean_monday in days
    assert whit_monday in days


def test_fixed_holidays_and_an_ordinary_day():
    days = greek_public_holidays(2026)
    for month, day in ((1, 1), (1, 6), (3, 25), (5, 1), (8, 15), (10, 28), (12, 25), (12, 26)):
        assert dt.date(2026, month, day) in days
    assert len(days) == 13
    assert public_holiday(dt.date(2026, 12, 7)) is None


def test_holiday_names_in_both_languages():
    with translation.override("el"):
        assert str(public_holiday(dt.date(2026, 6, 1))) == "Αγίου Πνεύματος"
        assert str(public_holiday(dt.date(2026, 10, 28))) == "Επέτειος του «Όχι»"
    with translation.override("en"):
        assert str(public_holiday(dt.date(2026, 2, 23))) == "Clean Monday"


@pytest.mark.parametrize(
    ("year", "month", "first"),
    [
        (2026, 1, dt.date(2026, 1, 2)),  # 1 January is a holiday
        (2026, 2, dt.date(2026, 2, 2)),  # 1 February 2026 is a Sunday
        (2025, 5, dt.date(2025, 5, 2)),  # Labour Day
        (2026, 6, dt.date(2026, 6, 2)),  # Whit Monday 2026 is 1 June
        (2026, 12, dt.date(2026, 12, 1)),
    ],
)
def test_first_working_day(year, month, first):
    assert first_working_day(year, month) == first


def test_weekends_and_clean_monday_are_not_working_days():
    assert not is_working_day(dt.date(2026, 12, 5))  # Saturday
    assert not is_working_day(dt.date(2026, 2, 23))  # Clean Monday 2026
    assert is_working_day(dt.date(2026, 2, 24))
