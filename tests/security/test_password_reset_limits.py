"""Password-reset e-mails from the attacker's side: nobody floods a mailbox through the form,
and one client cannot send without end; the answers still reveal no account."""

import pytest
from django.core import mail
from django.test import Client

from tests.factories import make_user

pytestmark = pytest.mark.django_db

URL = "/en/account/password/reset/"
SENT = "/en/account/password/reset/sent/"


@pytest.fixture
def owner(db):
    return make_user(email="owner@example.org")


def ask(address: str, email: str):
    return Client(REMOTE_ADDR=address).post(URL, {"email": email})


def test_an_address_gets_three_e_mails_an_hour_whoever_asks(owner):
    for number in range(6):
        response = ask(f"203.0.113.{number}", "Owner@example.org")
        assert (response.status_code, response["Location"]) == (302, SENT)
    assert len(mail.outbox) == 3
    assert {message.to[0] for message in mail.outbox} == {"owner@example.org"}


def test_the_address_limit_lifts_after_the_hour(owner, time_machine):
    time_machine.move_to("2026-03-02 10:00:00+00:00", tick=False)
    for number in range(4):
        ask(f"203.0.113.{number}", owner.email)
    assert len(mail.outbox) == 3
    time_machine.shift(60 * 60 + 1)
    ask("203.0.113.9", owner.email)
    assert len(mail.outbox) == 4


def test_one_client_is_stopped_after_ten_requests_and_told_when_to_come_back(owner):
    for number in range(10):
        assert ask("198.51.100.7", f"someone{number}@example.org").status_code == 302
    response = ask("198.51.100.7", owner.email)
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "several requests from your connection" in response.content.decode()
    assert mail.outbox == []
    # Another client is not affected.
    assert ask("192.0.2.1", owner.email).status_code == 302
    assert len(mail.outbox) == 1


def test_the_limits_answer_alike_for_an_unknown_address(owner):
    for number in range(4):
        assert ask(f"203.0.113.{number}", "nobody@example.org")["Location"] == SENT
    assert mail.outbox == []
