"""One client-IP rule (accmr.lib.client_ip), from the attacker's side: with a proxy in front and
without, nobody can lock another person's account, spend another client's limits, or buy more
attempts by writing X-Forwarded-For themselves; and the owner of a locked account gets back in
through the password-reset e-mail."""

import re

import pytest
from django.core import mail
from django.test import Client, RequestFactory

from accmr.lib.client_ip import client_ip
from members.models import ProblemReport
from tests.factories import make_editor, make_organisation

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
NEW_PASSWORD = "Pistachio-Harbour-1974"
PROXY = "10.0.0.2"  # the load balancer, as the app sees it
ALICE = "203.0.113.5"
BOB = "198.51.100.7"


@pytest.fixture
def behind_proxy(settings):
    settings.PROXY_COUNT = 1
    settings.FORWARDED_ALLOW_IPS = ["10.0.0.0/24"]
    return settings


@pytest.fixture
def no_proxy(settings):
    settings.PROXY_COUNT = 0
    settings.FORWARDED_ALLOW_IPS = ["127.0.0.1"]
    return settings


@pytest.fixture
def editor(db):
    return make_editor(
        make_organisation(slug="helpers"), email="editor@example.org", password=PASSWORD
    )


def via_proxy(client_address: str, spoofed: str = "") -> Client:
    """A browser at client_address reaching the app through the load balancer, which appends
    the address it saw to whatever X-Forwarded-For the browser sent."""
    header = f"{spoofed}, {client_address}" if spoofed else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)


def log_in(client: Client, email: str, password: str):
    return client.post("/en/account/login/", {"username": email, "password": password})


def ip_of(remote_addr: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote_addr, **extra))


# --- the rule ------------------------------------------------------------------------------------


def test_without_a_proxy_the_header_is_the_visitors_invention_and_ignored(no_proxy):
    assert ip_of(ALICE, "1.2.3.4") == ALICE


def test_behind_the_proxy_the_client_is_the_address_the_proxy_appended(behind_proxy):
    assert ip_of(PROXY, ALICE) == ALICE
    assert ip_of(PROXY, f"1.2.3.4, {ALICE}") == ALICE  # the visitor's own entry is skipped


def test_a_request_that_bypasses_the_proxy_is_not_believed(behind_proxy):
    assert ip_of("192.0.2.66", "1.2.3.4") == "192.0.2.66"


def test_a_malformed_or_short_header_gives_the_peer(behind_proxy, settings):
    assert ip_of(PROXY, "not-an-address") == PROXY
    assert ip_of(PROXY, "") == PROXY
    settings.PROXY_COUNT = 2
    assert ip_of(PROXY, ALICE) == PROXY
    assert ip_of(PROXY, f"1.2.3.4, {ALICE}, 10.0.0.1") == ALICE


def test_any_peer_is_trusted_with_a_star(behind_proxy, settings):
    settings.FORWARDED_ALLOW_IPS = ["*"]
    assert ip_of("192.0.2.66", ALICE) == ALICE


# --- the lock-out is not a weapon ----------------------------------------------------------------


def test_behind_a_proxy_ten_wrong_passwords_from_one_client_do_not_lock_out_another(
    behind_proxy, editor
):
    attacker = via_proxy(ALICE)
    for attempt in range(10):
        log_in(attacker, editor.email, f"wrong {attempt}")
    assert log_in(attacker, editor.email, PASSWORD).status_code == 429
    assert log_in(via_proxy(BOB), editor.email, PASSWORD).status_code == 302


def test_writing_x_forwarded_for_buys_no_more_attempts_behind_a_proxy(behind_proxy, editor):
    for attempt in range(10):
        log_in(via_proxy(ALICE, spoofed=f"192.0.2.{attempt}"), editor.email, f"wrong {attempt}")
    assert log_in(via_proxy(ALICE, spoofed="192.0.2.99"), editor.email, PASSWORD).status_code == 429


def test_writing_x_forwarded_for_buys_no_more_attempts_without_a_proxy(no_proxy, editor):
    for attempt in range(10):
        spoofing = Client(REMOTE_ADDR=ALICE, HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}")
        log_in(spoofing, editor.email, f"wrong {attempt}")
    assert log_in(Client(REMOTE_ADDR=ALICE), editor.email, PASSWORD).status_code == 429
    assert log_in(Client(REMOTE_ADDR=BOB), editor.email, PASSWORD).status_code == 302


def test_the_password_reset_email_lets_the_owner_back_in(behind_proxy, editor, settings):
    settings.SITE_URL = "https://portal.example"
    owner = via_proxy(ALICE)  # the owner shares the address the attacker used (same office)
    for attempt in range(10):
        log_in(owner, editor.email, f"wrong {attempt}")
    assert log_in(owner, editor.email, PASSWORD).status_code == 429

    owner.post("/en/account/password/reset/", {"email": editor.email})
    link = re.search(
        r"https://portal\.example(/en/account/password/reset/\S+/)", mail.outbox[0].body
    )
    form = owner.get(link.group(1))
    owner.post(form["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert log_in(owner, editor.email, NEW_PASSWORD).status_code == 302


# --- the problem-report limit --------------------------------------------------------------------


def test_behind_a_proxy_one_clients_reports_do_not_spend_anothers_limit(behind_proxy, editor):
    url = "/en/organisations/helpers/report/"
    report = {"message": "The phone number is wrong.", "nickname": "x"}  # counted, not kept
    for _ in range(5):
        assert via_proxy(ALICE).post(url, report).status_code == 302
    assert via_proxy(ALICE).post(url, report).status_code == 429
    assert via_proxy(BOB).post(url, report).status_code == 302
    assert ProblemReport.objects.count() == 0
