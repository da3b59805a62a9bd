"""What the dashboard says about how fresh an organisation's record is."""

import datetime as dt

import pytest
import time_machine

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 11, 25, 10, tzinfo=dt.UTC)


@time_machine.travel(TODAY)
def test_a_record_never_confirmed_is_not_said_to_be_nine_months_old(editor_client, org):
    org.last_checked = None
    org.save()

    english = editor_client.get("/en/my/").content.decode()
    greek = editor_client.get("/el/my/").content.decode()

    assert "Never confirmed." in english
    assert "has not been confirmed yet" in english
    assert "more than nine months" not in english
    assert "Δεν έχει επιβεβαιωθεί ποτέ." in greek
    assert "δεν έχουν επιβεβαιωθεί ακόμη" in greek
    assert "εννέα μήνες" not in greek


@time_machine.travel(TODAY)
def test_a_record_confirmed_today_says_today_not_zero_days_ago(editor_client, org):
    org.last_checked = dt.date(2026, 11, 25)
    org.save()

    english = editor_client.get("/en/my/").content.decode()
    greek = editor_client.get("/el/my/").content.decode()

    assert "Last confirmed today." in english
    assert "0 days ago" not in english
    assert "Τελευταία επιβεβαίωση σήμερα." in greek


@time_machine.travel(TODAY)
def test_an_old_confirmation_still_counts_the_days_and_warns(editor_client, org):
    org.last_checked = dt.date(2025, 11, 25)
    org.save()

    english = editor_client.get("/en/my/").content.decode()

    assert "(365 days ago)" in english
    assert "Not confirmed for more than nine months" in english
