import pytest


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    """Fast hashing, uploads in a throw-away folder, a fresh cache, plain static storage."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    # The admin's two-factor requirement is tested with it on in tests/backoffice/test_otp.py;
    # elsewhere admin tests may log staff in with force_login alone.
    settings.OTP_REQUIRED_FOR_STAFF = False
    # Every test client is one address; the per-client limits of the open data are tested in
    # tests/security/test_open_data_limits.py with their own values.
    settings.API_REQUESTS_PER_MINUTE = 100_000
    settings.BULK_DOWNLOADS_PER_HOUR = 100_000
    # With the immediate task backend every committed save outside a transaction (live-server
    # and transactional tests seed row by row) would build every open-data file at once.
    # tests/security/test_open_data_build.py turns it on and tests it.
    settings.OPEN_DATA_BUILD_ON_CHANGE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": "/no-public-address/"},
        },
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
