"""Greek working days: not a weekend, not a national public holiday.

The movable holidays follow Orthodox Easter (Julian computus, shifted to the Gregorian
calendar: valid 1900–2099). Local holidays (a city's patron saint) are not included.
"""

import datetime as dt
from functools import cache


def orthodox_easter(year: int) -> dt.date:
    a, b, c = year % 4, year % 7, year % 19
    d = (19 * c + 15) % 30
    e = (2 * a + 4 * b - d + 34) % 7
    month, day = divmod(d + e + 114, 31)
    return dt.date(year, month, day + 1) + dt.timedelta(days=13)


@cache
def public_holidays(year: int) -> frozenset[dt.date]:
    easter = orthodox_easter(year)
    fixed = [(1, 1), (1, 6), (3, 25), (5, 1), (8, 15), (10, 28), (12, 25), (12, 26)]
    movable = [-48, -2, 0, 1, 50]  # Clean Monday, Good Friday, Easter, Easter Monday, Whit Monday
    return frozenset(
        [dt.date(year, m, d) for m, d in fixed]
        + [easter + dt.timedelta(days=offset) for offset in movable]
    )


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def first_working_day(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
