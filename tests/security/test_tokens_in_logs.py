"""Invitation and password-reset tokens never reach a log: gunicorn's access log writes the
route's name, and the console e-mail backend (the log, on a server without SMTP) shows the
links without their token."""

import datetime as dt
import importlib.util
import io
import re
import runpy
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core import mail

from accmr.lib.mail import RedactingConsoleBackend
from members import services
from members.models import Invitation
from tests.factories import make_editor, make_organisation, make_user

pytestmark = pytest.mark.django_db

BASE = Path(__file__).resolve().parents[2]


def access_log_line(response) -> str:
    """The line gunicorn.conf.py's logger writes for this response (the environ is the one
    the app saw, as it is under gunicorn)."""
    config = runpy.run_path(str(BASE / "gunicorn.conf.py"))
    logger = config["logger_class"](SimpleNamespace(**_gunicorn_cfg()))
    environ = response.wsgi_request.environ
    environ.setdefault("RAW_URI", environ["PATH_INFO"])
    resp = SimpleNamespace(
        status=f"{response.status_code} X", sent=len(response.content), headers=[]
    )
    atoms = logger.atoms(resp, SimpleNamespace(headers=[]), environ, dt.timedelta(seconds=0))
    return config["access_log_format"] % atoms


def _gunicorn_cfg():
    from gunicorn.config import Config

    cfg = Config()
    return {name: setting.get() for name, setting in cfg.settings.items()}


def test_the_access_log_names_the_reset_route_not_the_token(client):
    token = "c1x2y3-0123456789abcdef0123456789abcdef"
    response = client.get(f"/el/account/password/reset/MQ/{token}/")
    line = access_log_line(response)
    assert token not in line and "MQ" not in line
    assert "[accounts:password_reset_confirm]" in line


def test_the_access_log_names_the_invitation_route_not_the_token(client):
    token = "Zx" * 22
    line = access_log_line(client.get(f"/en/account/invitation/{token}/"))
    assert token not in line
    assert "[members:invitation_accept]" in line


def test_the_access_log_keeps_ordinary_paths(client):
    line = access_log_line(client.get("/en/about/"))
    assert '"GET /en/about/"' in line


def test_an_unrouted_path_with_a_token_looking_segment_is_cut(client):
    line = access_log_line(client.get("/static/" + "k" * 40 + "/x.css"))
    assert "k" * 40 not in line


@pytest.fixture
def console(settings):
    settings.EMAIL_BACKEND = "accmr.lib.mail.RedactingConsoleBackend"
    stream = io.StringIO()
    original = RedactingConsoleBackend.__init__

    def init(self, *args, **kwargs):
        original(self, *args, stream=stream, **kwargs)

    RedactingConsoleBackend.__init__ = init
    yield stream
    RedactingConsoleBackend.__init__ = original


def test_the_console_shows_a_reset_e_mail_without_its_token(client, console, settings):
    settings.SITE_URL = "https://portal.example"
    make_user(email="editor@example.org")
    client.post("/en/account/password/reset/", {"email": "editor@example.org"})
    printed = console.getvalue()
    assert "https://portal.example/[accounts:password_reset_confirm]" in printed
    assert not re.search(r"/password/reset/\w+/[\w-]{20,}", printed)


def test_the_console_shows_an_invitation_without_its_token(console, settings, monkeypatch):
    settings.SITE_URL = "https://portal.example"
    organisation = make_organisation()
    coordinator = make_user(email="coordinator@example.org", is_staff=True)
    invitation = Invitation(organisation=organisation, email="new@example.org")
    # The token is made when the queued e-mail is built (members/emails.py): keep a copy.
    tokens = []
    new_token = services.invitation_new_token

    def keep_token(invitation):
        tokens.append(new_token(invitation))
        return tokens[-1]

    monkeypatch.setattr(services, "invitation_new_token", keep_token)
    services.invitation_send(invitation=invitation, invited_by=coordinator)
    printed = console.getvalue()
    assert len(tokens) == 1
    assert tokens[0] not in printed
    assert "[members:invitation_accept]" in printed


def test_the_e_mail_itself_still_carries_the_link(client, settings):
    """The check above can fail: the real e-mail has the whole link."""
    settings.SITE_URL = "https://portal.example"
    make_editor(make_organisation(), email="editor@example.org")
    client.post("/en/account/password/reset/", {"email": "editor@example.org"})
    assert re.search(r"/password/reset/\w+/[\w-]{20,}/", mail.outbox[0].body)


def test_without_smtp_a_server_prints_e_mails_through_the_redacting_console(monkeypatch):
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "production-like-secret-" + "x" * 40)
    monkeypatch.delenv("EMAIL_HOST", raising=False)
    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    spec = importlib.util.spec_from_file_location("prod_settings", BASE / "accmr" / "settings.py")
    production = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(production)
    assert production.EMAIL_BACKEND == "accmr.lib.mail.RedactingConsoleBackend"
