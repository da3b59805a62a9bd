"""The public holidays of Greece, computed: fixed dates plus those that move with Orthodox Easter,
and the working days they leave (for the jobs that run on the first working day of a month).

Written here rather than taken from the `holidays` package: the list is short, set by law and
stable, python-dateutil (already installed) computes Orthodox Easter, and the names must be in
our catalogue in both languages anyway. Only nationwide holidays; local ones (a city's patron
saint) and the one-off moves the government sometimes announces (e.g. Labour Day falling in
Holy Week) are entered as closures by editors and coordinators.
"""

import datetime as dt
from functools import lru_cache

from dateutil.easter import EASTER_ORTHODOX, easter
from django.utils.translation import gettext_lazy as _

FIXED = {
    (1, 1): _("New Year's Day"),
    (1, 6): _("Epiphany"),
    (3, 25): _("Independence Day"),
    (5, 1): _("Labour Day"),
    (8, 15): _("Dormition of the Virgin Mary"),
    (10, 28): _("Ochi Day"),
    (12, 25): _("Christmas Day"),
    (12, 26): _("Synaxis of the Mother of God"),
}
# Days from Orthodox Easter Sunday.
MOVING = {
    -48: _("Clean Monday"),
    -2: _("Good Friday"),
    0: _("Easter Sunday"),
    1: _("Easter Monday"),
    50: _("Whit Monday (Holy Spirit)"),
}


@lru_cache(maxsize=64)
def greek_public_holidays(year: int) -> dict[dt.date, str]:
    """{date: name} for `year` (names are lazy translations: str() them in a language)."""
    days = {dt.date(year, month, day): name for (month, day), name in FIXED.items()}
    sunday = easter(year, EASTER_ORTHODOX)
    for offset, name in MOVING.items():
        days.setdefault(sunday + dt.timedelta(days=offset), name)
    return dict(sorted(days.items()))


def public_holiday(day: dt.date):
    """The name of the public holiday on `day`, or None."""
    return greek_public_holidays(day.year).get(day)


def upcoming_public_holidays(today: dt.date, *, days: int = 60) -> list[tuple[dt.date, str]]:
    """The public holidays from `today` to `days` later, in order."""
    end = today + dt.timedelta(days=days)
    found = []
    for year in range(today.year, end.year + 1):
        found += [(d, n) for d, n in greek_public_holidays(year).items() if today <= d <= end]
    return found


def is_working_day(day: dt.date) -> bool:
    """Not a weekend and not a nationwide public holiday."""
    return day.weekday() < 5 and public_holiday(day) is None


def first_working_day(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 1)
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
