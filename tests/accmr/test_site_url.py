"""The portal's public address, which e-mails need because they have no request."""

import pytest

from accmr.checks import site_url_is_set
from members import services
from members.models import Invitation
from tests.accmr.conftest import print_setting_in_a_fresh_interpreter
from tests.factories import make_organisation


def _site_url_with(**env_changes: str) -> str:
    """settings.SITE_URL as a fresh interpreter sees it with the given environment."""
    result = print_setting_in_a_fresh_interpreter(
        "SITE_URL", unset={"SITE_URL", "PORT", "DEBUG"}, **env_changes
    )
    result.check_returncode()
    return result.stdout.strip()


def test_in_development_e_mail_links_point_at_the_local_server():
    assert _site_url_with(DEBUG="1") == "http://127.0.0.1:8000"
    assert _site_url_with(DEBUG="1", PORT="8123") == "http://127.0.0.1:8123"


def test_a_configured_site_url_wins_and_production_gets_no_guess():
    assert _site_url_with(DEBUG="1", SITE_URL="https://portal.example/") == "https://portal.example"
    assert _site_url_with(DEBUG="0", SECRET_KEY="k" * 60) == ""


def test_deploy_check_warns_when_site_url_is_missing(settings):
    settings.SITE_URL = ""
    assert [w.id for w in site_url_is_set(None)] == ["accmr.W001"]

    settings.SITE_URL = "https://portal.example"
    assert site_url_is_set(None) == []


@pytest.mark.django_db
def test_invitation_e_mail_carries_an_absolute_link(settings, mailoutbox):
    settings.SITE_URL = "http://127.0.0.1:8000"
    services.invitation_send(
        invitation=Invitation(email="new.editor@example.org", organisation=make_organisation()),
        invited_by=None,
    )

    body = mailoutbox[0].body
    assert "http://127.0.0.1:8000/el/account/invitation/" in body
    assert "http://127.0.0.1:8000/en/account/invitation/" in body
