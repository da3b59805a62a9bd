"""Log-in, log-out, passwords, brute-force lock-out and the log-in audit log."""

import datetime as dt
import logging
import re

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from tests.selfservice.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Pistachio-Harbour-1974"


def log_in(client, email, password, lang="el", **extra):
    return client.post(
        f"/{lang}/account/login/", {"username": email, "password": password}, **extra
    )


@pytest.mark.parametrize(("lang", "heading"), [("el", "Σύνδεση μελών"), ("en", "Member log-in")])
def test_login_page_is_a_form_with_email_and_password_in_each_language(client, lang, heading):
    response = client.get(f"/{lang}/account/login/")
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page
    assert 'type="email"' in page and 'name="username"' in page
    assert 'type="password"' in page
    assert 'autocomplete="current-password"' in page


def test_editor_logs_in_with_email_in_any_case_and_lands_on_the_dashboard(client, editor):
    response = log_in(client, "Editor@Example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/el/my/"
    assert client.get("/el/my/").status_code == 200


@pytest.mark.parametrize(("lang", "message"), [("el", "σωστά"), ("en", "correct")])
def test_wrong_password_shows_a_translated_error(client, editor, lang, message):
    response = log_in(client, editor.email, "wrong password", lang=lang)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/el/my/",
        "/\\evil.example/",
        "\\\\evil.example",
        "https:evil.example",
        " https://evil.example/",
    ],
)
def test_next_never_sends_the_browser_to_another_site(client, editor, target):
    response = client.post(
        "/el/account/login/?next=x",
        {"username": editor.email, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == "/el/my/"


def test_next_inside_the_site_is_followed(client, editor, service):
    response = client.post(
        "/en/account/login/",
        {"username": editor.email, "password": PASSWORD, "next": f"/en/my/services/{service.pk}/"},
    )
    assert response["Location"] == f"/en/my/services/{service.pk}/"


def test_already_logged_in_user_is_not_redirected_off_site_from_the_login_page(
    editor_client,
):
    response = editor_client.get("/el/account/login/?next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/el/my/"


def test_logout_by_get_is_refused_and_keeps_the_session(editor_client):
    response = editor_client.get("/el/account/logout/")
    assert response.status_code == 405
    assert editor_client.get("/el/my/").status_code == 200


def test_logout_by_post_ends_the_session_on_the_server(editor_client):
    old_cookie = editor_client.cookies[django_settings.SESSION_COOKIE_NAME].value
    response = editor_client.post("/el/account/logout/")
    assert response.status_code == 302
    assert editor_client.get("/el/my/").status_code == 302
    replay = Client()
    # someone who copied the cookie earlier:
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = old_cookie
    response = replay.get("/el/my/")
    assert response.status_code == 302
    assert response["Location"].startswith("/el/account/login/")


def test_password_change_requires_the_current_password(editor_client, editor):
    response = editor_client.post(
        "/en/account/password/change/",
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "Your old password was entered incorrectly" in response.content.decode()
    editor.refresh_from_db()
    assert editor.check_password(PASSWORD)


def test_password_change_applies_django_validators(editor_client, editor):
    response = editor_client.post(
        "/en/account/password/change/",
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "too common" in page and "entirely numeric" in page


def test_password_change_keeps_this_session_and_ends_the_others(editor_client, editor):
    elsewhere = Client()
    elsewhere.force_login(editor)
    assert elsewhere.get("/el/my/").status_code == 200
    response = editor_client.post(
        "/el/account/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/el/account/password/change/done/"
    assert editor_client.get("/el/my/").status_code == 200
    assert elsewhere.get("/el/my/").status_code == 302


def test_password_change_page_needs_a_login(client):
    response = client.get("/el/account/password/change/")
    assert response.status_code == 302
    assert response["Location"].startswith("/el/account/login/?next=")


def test_password_reset_sends_a_link_that_sets_a_new_password(client, editor, settings):
    settings.SITE_URL = "https://portal.example"
    response = client.post(
        "/en/account/password/reset/", {"email": "EDITOR@example.org"}, HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/account/password/reset/sent/"
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "localhost" not in body  # the link never follows the Host header
    link = re.search(r"https://portal\.example(/en/account/password/reset/[^/\s]+/[^/\s]+/)", body)
    assert link
    response = client.get(link.group(1))
    assert response.status_code == 302  # Django hides the token behind a session redirect
    response = client.post(
        response["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/en/account/password/reset/complete/"
    editor.refresh_from_db()
    assert editor.check_password(NEW_PASSWORD)


def test_password_reset_does_not_reveal_whether_an_account_exists(client):
    response = client.post("/el/account/password/reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/el/account/password/reset/sent/"
    assert mail.outbox == []


# ---------------------------------------------------------------------------
# Brute force: django-axes
# ---------------------------------------------------------------------------


def test_ten_wrong_passwords_lock_the_login_even_with_the_right_one(client, editor):
    for attempt in range(9):
        response = log_in(client, editor.email, f"wrong {attempt}")
        assert response.status_code == 400, attempt
    response = log_in(client, editor.email, "wrong 10")
    assert response.status_code == 429
    response = log_in(client, editor.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("lang", "text"),
    [("el", "Η σύνδεση σταμάτησε προσωρινά"), ("en", "Log-in paused")],
)
def test_lockout_page_explains_in_the_visitors_language(client, editor, lang, text):
    for attempt in range(10):
        response = log_in(client, editor.email, f"wrong {attempt}", lang=lang)
    assert response.status_code == 429
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert text in page
    assert editor.email not in page


def test_changing_the_case_of_the_email_does_not_buy_more_attempts(client, editor):
    for attempt in range(10):
        email = editor.email.upper() if attempt % 2 else editor.email
        response = log_in(client, email, f"wrong {attempt}")
    assert response.status_code == 429


def test_lock_is_per_username_and_address(client, editor):
    for attempt in range(10):
        log_in(client, editor.email, f"wrong {attempt}", REMOTE_ADDR="203.0.113.5")
    other_address = Client(REMOTE_ADDR="198.51.100.7")
    response = log_in(other_address, editor.email, PASSWORD)
    assert response.status_code == 302


def test_lock_lifts_after_the_cool_off(client, editor):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for attempt in range(10):
            log_in(client, editor.email, f"wrong {attempt}")
        assert log_in(client, editor.email, PASSWORD).status_code == 429
        traveller.shift(dt.timedelta(minutes=61))
        assert log_in(client, editor.email, PASSWORD).status_code == 302


def test_log_in_audit_log_has_ids_and_hashes_but_no_addresses_or_passwords(client, editor, caplog):
    caplog.set_level(logging.INFO)
    log_in(client, editor.email, PASSWORD)
    client.post("/el/account/logout/")
    for attempt in range(10):
        log_in(client, editor.email, f"secret-guess-{attempt}")
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert f"login succeeded user_id={editor.pk}" in text
    assert f"logout user_id={editor.pk}" in text
    assert "login failed account=" in text
    assert "login locked out account=" in text
    assert editor.email not in text.lower()
    assert "editor@" not in text.lower()
    assert PASSWORD not in text and "secret-guess" not in text
    assert "127.0.0.1" not in text


def test_login_form_is_protected_against_cross_site_posts(editor):
    client = Client(enforce_csrf_checks=True)
    response = log_in(client, editor.email, PASSWORD)
    assert response.status_code == 403
