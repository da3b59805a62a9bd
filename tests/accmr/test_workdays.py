"""Greek working days for scheduled jobs (accmr.lib.workdays)."""

import datetime as dt

import pytest

from accmr.lib.workdays import first_working_day, is_working_day, orthodox_easter


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, dt.date(2024, 5, 5)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 12))],
)
def test_orthodox_easter(year, easter):
    assert orthodox_easter(year) == easter


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
