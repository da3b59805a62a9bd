import datetime as dt
from zoneinfo import ZoneInfo

import pytest

ATHENS = ZoneInfo("Europe/Athens")


@pytest.fixture
def monday_morning():
    """Monday 10 March 2025, 10:00 in Athens (08:00 UTC), time standing still (not the 3rd:
    Clean Monday, a public holiday)."""
    import time_machine

    with time_machine.travel(dt.datetime(2025, 3, 10, 10, 0, tzinfo=ATHENS), tick=False) as t:
        yield t
