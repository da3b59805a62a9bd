import importlib.util
from pathlib import Path

import pytest

from tests.pages import history_lacks_translations

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "accmr" / "settings.py"

# What production (DEBUG off) sets for the transport and the browser; see production_settings.
SECURITY_SETTINGS = (
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SESSION_COOKIE_NAME",
    "CSRF_COOKIE_NAME",
    "LANGUAGE_COOKIE_SECURE",
    "LANGUAGE_COOKIE_HTTPONLY",
    "LANGUAGE_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
)


@pytest.fixture(autouse=True)
def _rows_can_be_saved(settings):
    if history_lacks_translations():  # see tests/pages.py
        settings.SIMPLE_HISTORY_ENABLED = False


@pytest.fixture
def records(sample_records_of_module, db):
    """One published record of each kind with a public page: {kind: path without /<lang>/}."""
    return dict(sample_records_of_module)


@pytest.fixture
def production_settings(settings, monkeypatch):
    """The security settings exactly as accmr/settings.py computes them for production.

    The module is evaluated afresh with DEBUG=0 and a real-looking secret, whatever the
    environment the tests run in, and its security settings replace the test settings.
    """
    monkeypatch.setenv("DEBUG", "0")
    monkeypatch.setenv("SECRET_KEY", "production-like-secret-" + "x" * 40)
    monkeypatch.setenv("ALLOWED_HOSTS", "testserver")
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        monkeypatch.delenv(name, raising=False)
    spec = importlib.util.spec_from_file_location("accmr_production_settings", SETTINGS_FILE)
    production = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(production)
    for name in SECURITY_SETTINGS:
        setattr(settings, name, getattr(production, name))
    return settings
