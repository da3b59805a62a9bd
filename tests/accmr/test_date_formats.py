"""Dates on English pages are written the way readers in Greece read them: day first."""

import datetime as dt

import pytest
import time_machine
from django.utils import formats, translation

from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def test_english_dates_put_the_day_first_and_use_the_24_hour_clock():
    day = dt.date(2026, 11, 5)
    moment = dt.datetime(2026, 11, 5, 22, 27)
    with translation.override("en"):
        assert formats.date_format(day) == "5 November 2026"
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/11/2026"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "5 November 2026, 22:27"
    with translation.override("el"):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "05/11/2026"


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC))
def test_the_last_checked_date_of_an_organisation_reads_day_first_in_english(client):
    organisation = make_organisation(last_checked=dt.date(2026, 3, 4))

    body = client.get(f"/en/organisations/{organisation.slug}/").content.decode()

    assert "4 March 2026" in body
    assert "March 4, 2026" not in body
