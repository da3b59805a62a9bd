"""Focal points are personal data: an anonymous visitor must never meet them."""

import re

import pytest

from network.models import GoodPractice, Municipality
from network.seed import seed_network
from tests.conftest import rolled_back_after_the_module

pytestmark = pytest.mark.django_db

SECRETS = {
    "focal_point_name": "Zωή Μυστική",
    "focal_point_role": "Secret Role Of Focal Point",
    "focal_point_email": "zoe.secret@example.org",
    "focal_point_phone": "+30 699 111 2222",
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seeded network with a focal point everywhere, once for the module's tests (each
    test in a savepoint: what it writes is gone before the next)."""
    with rolled_back_after_the_module(django_db_blocker):
        seed_network()
        for municipality in Municipality.objects.all():
            for field, value in SECRETS.items():
                setattr(municipality, field, value)
            municipality.save()
        yield


def public_urls() -> list[str]:
    urls = []
    for lang in ("el", "en"):
        urls += [
            f"/{lang}/",
            f"/{lang}/network/",
            f"/{lang}/network/compare/",
            f"/{lang}/network/compare/?format=csv",
            f"/{lang}/network/compare/?category=education",
            f"/{lang}/network/compare/?category=education&format=csv",
            f"/{lang}/network/practices/",
            f"/{lang}/network/practices/?q=zoe",
        ]
        for slug in Municipality.objects.values_list("slug", flat=True):
            urls += [f"/{lang}/network/{slug}/", f"/{lang}/network/{slug}/services/"]
        for slug in GoodPractice.objects.values_list("slug", flat=True):
            urls.append(f"/{lang}/network/practices/{slug}/")
    return urls


def test_no_public_page_or_export_shows_a_focal_point(client, seeded):
    urls = public_urls()
    assert len(urls) > 80
    phone_digits = re.sub(r"\D", "", SECRETS["focal_point_phone"])
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode("utf-8-sig")
        for value in SECRETS.values():
            assert value not in body, (url, value)
        assert "zoe.secret" not in body, url
        assert phone_digits not in re.sub(r"\D", "", body), url


# --- staff with a password alone ----------------------------------------------------------------


@pytest.fixture
def municipality_url(seeded):
    return f"/en/network/{Municipality.objects.order_by('slug').first().slug}/"


def _staff_logs_in_with_a_password(client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tests.factories import make_coordinator

    coordinator = make_coordinator(email="coordinator@example.org", password="correct horse")
    device = TOTPDevice.objects.create(user=coordinator, name="app", confirmed=True)
    response = client.post(
        "/en/account/login/", {"username": coordinator.email, "password": "correct horse"}
    )
    assert response.status_code == 302
    return device


def test_staff_with_a_password_alone_see_no_focal_point(client, municipality_url, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    _staff_logs_in_with_a_password(client)
    body = client.get(municipality_url).content.decode()
    assert SECRETS["focal_point_email"] not in body


def test_staff_who_proved_their_second_factor_see_the_focal_point(
    client, municipality_url, settings
):
    from django_otp.oath import TOTP

    settings.OTP_REQUIRED_FOR_STAFF = True
    device = _staff_logs_in_with_a_password(client)
    code = str(TOTP(device.bin_key, device.step, device.t0, device.digits).token()).zfill(6)
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "coordinator@example.org", "password": "correct horse", "otp_token": code},
    )
    assert response.status_code == 302
    assert SECRETS["focal_point_email"] in client.get(municipality_url).content.decode()


def test_without_the_second_factor_requirement_staff_see_the_focal_point(
    client, municipality_url, settings
):
    settings.OTP_REQUIRED_FOR_STAFF = False
    _staff_logs_in_with_a_password(client)
    assert SECRETS["focal_point_email"] in client.get(municipality_url).content.decode()
