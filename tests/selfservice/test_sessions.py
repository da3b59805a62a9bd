"""Sessions end after idle time, at an absolute limit, at log-out and when an account is
deactivated."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings as django_settings
from django.utils import timezone

from tests.selfservice.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(client, editor):
    response = client.post("/el/account/login/", {"username": editor.email, "password": PASSWORD})
    assert response.status_code == 302


def test_session_ends_after_two_idle_hours(client, editor, settings):
    assert settings.SESSION_COOKIE_AGE == 2 * 60 * 60
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, editor)
        traveller.shift(dt.timedelta(hours=1, minutes=59))
        assert client.get("/el/my/").status_code == 200
        traveller.shift(dt.timedelta(hours=1, minutes=59))  # activity renewed the idle limit
        assert client.get("/el/my/").status_code == 200
        traveller.shift(dt.timedelta(hours=2, seconds=1))
        response = client.get("/el/my/")
        assert response.status_code == 302
        assert response["Location"] == "/el/account/login/?next=/el/my/"


def test_session_ends_at_the_absolute_limit_however_active(client, editor, settings):
    assert settings.SESSION_ABSOLUTE_AGE == 12 * 60 * 60
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, editor)
        for _hour in range(11):
            traveller.shift(dt.timedelta(hours=1))
            assert client.get("/el/my/").status_code == 200
        traveller.shift(dt.timedelta(minutes=59))
        assert client.get("/el/my/").status_code == 200  # 11 h 59 min after log-in
        traveller.shift(dt.timedelta(minutes=2))
        response = client.get("/en/my/")
        assert response.status_code == 302
        assert response["Location"] == "/en/account/login/?next=/en/my/"
        page = client.get(response["Location"]).content.decode()
        assert "Your session has ended. Please log in again." in page


def test_logging_in_again_starts_a_new_absolute_period(client, editor):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        log_in(client, editor)
        for _hour in range(11):
            traveller.shift(dt.timedelta(hours=1))
            client.get("/el/my/")
        client.post("/el/account/logout/")
        log_in(client, editor)
        for _hour in range(11):
            traveller.shift(dt.timedelta(hours=1))
            assert client.get("/el/my/").status_code == 200


def test_deactivating_an_account_ends_its_sessions(client, editor):
    log_in(client, editor)
    assert client.get("/el/my/").status_code == 200
    editor.is_active = False
    editor.save()
    response = client.get("/el/my/")
    assert response.status_code == 302
    assert response["Location"].startswith("/el/account/login/")
    # ...and the account cannot log in again.
    response = client.post("/el/account/login/", {"username": editor.email, "password": PASSWORD})
    assert response.status_code == 400


def test_public_pages_do_not_touch_the_session(client, org):
    response = client.get("/el/")
    assert response.status_code == 200
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
