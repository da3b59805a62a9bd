"""Two-factor authentication for staff in the admin (OTP_REQUIRED_FOR_STAFF on)."""

import re

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accmr.otp import new_recovery_codes
from tests.factories import make_coordinator, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _otp_required(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True


def _code(device: TOTPDevice) -> str:
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(6)


def _enrolled_coordinator():
    coordinator = make_coordinator(email="coordinator@example.org", password=PASSWORD)
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    return coordinator, device


def _log_in(client, code=""):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "coordinator@example.org", "password": PASSWORD, "otp_token": code},
    )


def test_a_password_alone_does_not_open_the_admin_to_enrolled_staff(client):
    coordinator, _device = _enrolled_coordinator()
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_password_and_the_apps_current_code_open_the_admin(client):
    _coordinator, device = _enrolled_coordinator()
    response = _log_in(client, _code(device))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("lang", ["el", "en"])
def test_the_login_page_asks_for_the_code_in_the_interface_language(client, lang):
    page = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    assert 'name="otp_token"' in page
    label = {"el": "Κωδικός επαλήθευσης", "en": "Authentication code"}[lang]
    assert label in page


@pytest.mark.parametrize("code", ["", "000000", "not-a-code"])
def test_a_missing_or_wrong_code_is_refused_with_an_explanation(client, code):
    _enrolled_coordinator()
    response = _log_in(client, code)
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert "errornote" in response.content.decode()


def test_a_wrong_code_counts_as_a_failed_login_for_lockout(client):
    from axes.models import AccessAttempt

    _enrolled_coordinator()
    _log_in(client, "123456")
    attempt = AccessAttempt.objects.get(username="coordinator@example.org")
    assert attempt.failures_since_start == 1


def test_a_recovery_code_opens_the_admin_once_only(client):
    coordinator, _device = _enrolled_coordinator()
    codes = new_recovery_codes(coordinator)
    assert len(codes) == 10 and len(set(codes)) == 10

    assert _log_in(client, codes[0]).status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")

    again = _log_in(client, codes[0])
    assert again.status_code == 400
    assert "_auth_user_id" not in client.session
    StaticDevice.objects.get(user=coordinator).throttle_reset()  # a failure delays the next try
    # The other codes still work; typed in capitals and without the hyphen, too.
    assert _log_in(client, codes[1].replace("-", "").upper()).status_code == 302


def test_new_staff_log_in_with_a_password_and_are_sent_to_set_up_an_app(client):
    make_coordinator(email="coordinator@example.org", password=PASSWORD)
    response = _log_in(client)
    assert response.status_code == 302

    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/admin/two-factor/setup/"
    page = response.content.decode()
    assert 'src="data:image/svg+xml;base64,' in page  # drawn here, no other host
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', page)
    assert secret and len(secret.group(1).replace(" ", "")) == 32
    assert 'id="nav-sidebar"' not in page  # no list of the admin's pages yet...
    assert 'action="/admin/logout/"' in page  # ...but a way out
    # Until the app is confirmed, nothing else in the admin opens.
    assert client.get("/admin/members/organisation/").status_code == 302


def test_confirming_the_app_turns_two_factor_on_and_shows_recovery_codes_once(client):
    coordinator = make_coordinator(email="coordinator@example.org", password=PASSWORD)
    client.force_login(coordinator)
    client.get("/admin/two-factor/setup/")
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)

    wrong = client.post("/admin/two-factor/setup/", {"token": "000000"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    assert not device.confirmed

    device.throttle_reset()
    response = client.post("/admin/two-factor/setup/", {"token": _code(device)})
    page = response.content.decode()
    assert response.status_code == 200
    assert len(re.findall(r"<li><code>[a-z2-9]{5}-[a-z2-9]{5}</code></li>", page)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/admin/").status_code == 200  # this session is verified now


def test_enrolled_staff_must_prove_themselves_before_replacing_their_app(client):
    coordinator, _device = _enrolled_coordinator()
    client.force_login(coordinator)  # password only
    response = client.get("/admin/two-factor/setup/")
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=coordinator, confirmed=False).exists()


def test_anonymous_visitors_cannot_open_the_setup_page(client):
    response = client.get("/admin/two-factor/setup/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_member_editors_cannot_log_in_to_the_admin_at_all(client):
    make_user(email="editor@example.org", password=PASSWORD)
    response = client.post(
        "/admin/login/", {"username": "editor@example.org", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_without_the_requirement_a_password_is_enough(client, settings):
    settings.OTP_REQUIRED_FOR_STAFF = False
    coordinator, _device = _enrolled_coordinator()
    client.force_login(coordinator)
    assert client.get("/admin/").status_code == 200


def test_a_verified_coordinator_can_make_new_recovery_codes(client):
    coordinator, device = _enrolled_coordinator()
    _log_in(client, _code(device))
    old = new_recovery_codes(coordinator)
    page = client.post("/admin/two-factor/").content.decode()
    new = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)


# The wording is the shared lockout page's (templates/registration/lockout.html, kept from the
# member self-service): the admin's log-in and the editors' log-in show the same page.
@pytest.mark.parametrize(
    ("lang", "text"),
    [("el", "Η σύνδεση σταμάτησε προσωρινά"), ("en", "Log-in paused")],
)
def test_repeated_wrong_codes_lock_the_account_out_with_a_page_not_an_error(
    client, settings, lang, text
):
    settings.AXES_FAILURE_LIMIT = 3
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = lang
    _enrolled_coordinator()
    for _ in range(3):
        _log_in(client, "999999")
    response = _log_in(client, "999999")
    assert response.status_code == 429
    page = response.content.decode()
    assert f'<html lang="{lang}">' in page
    assert text in page
    assert "_auth_user_id" not in client.session
