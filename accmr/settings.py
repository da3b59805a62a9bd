"""Settings for the ACCMR Portal.

One module; production differs from development only by environment variables
(documented in .env.example).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from accmr.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable to a long random "
            "value (or DEBUG=1 for local development)."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# The public address of the portal (scheme and host, no trailing slash), used for absolute
# links: hreflang alternates, canonical URLs, links in e-mails. Empty: taken from each request
# (fine behind a proxy that passes the Host header; set it in production all the same).
SITE_URL = env_str("SITE_URL").rstrip("/")
if not SITE_URL and DEBUG:
    # E-mails (invitations, password resets, reminders) have no request to take the host
    # from; in development they point at the server `make run` starts.
    SITE_URL = f"http://127.0.0.1:{env_str('PORT', '8000')}"

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "accmr.apps.AccmrAdminConfig",  # django.contrib.admin with our AdminSite
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "accmr.apps.OtpTotpConfig",  # django_otp.plugins.otp_totp, named for the admin
    "accmr.apps.OtpStaticConfig",  # django_otp.plugins.otp_static
    "accmr.apps.AxesConfig",  # axes
    "simple_history",
    "import_export",
    "django_tasks",
    "accmr.apps.TasksDatabaseConfig",  # django_tasks_db
    "accmr",
    "members",
    "network",
    "bulletin",
]

MIDDLEWARE = [
    "accmr.middleware.LogPathMiddleware",
    "accmr.middleware.ContentVersionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Above WhiteNoise so that static files get these headers too: every response carries them.
    "csp.middleware.CSPMiddleware",
    "accmr.middleware.PolicyHeadersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "accmr.middleware.MemberLanguagesMiddleware",
    "accmr.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accmr.middleware.AllowedMethodsMiddleware",  # before CSRF: a 405 is not a CSRF failure
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accmr.middleware.SessionAbsoluteAgeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "accmr.urls"
WSGI_APPLICATION = "accmr.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "accmr.context_processors.site",
            ],
        },
    },
]

# Database: SQLite by default, anything dj-database-url understands via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # SQLite (development) writes one transaction at a time: while a worker imports a file,
    # a page that writes (the session) waits for it rather than failing after 5 seconds.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 120
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache and sessions: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "accmr.lib.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "accmr",
        }
    }
    # Read from Redis, written through to the database: Redis may evict under its maxmemory
    # (docker-compose.yml), and an evicted session is read back from the database, never lost.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Live progress of the queue's long tasks (imports), written by workers and read by the web
# processes, so it must be shared: Redis when there is one, files in PROGRESS_DIR otherwise
# (one host, like `make run`).
CACHES["progress"] = (
    {**CACHES["default"], "KEY_PREFIX": "accmr-progress"}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("PROGRESS_DIR", str(BASE_DIR / ".progress")),
    }
)
# The content version behind every cached page and figure (accmr.cache) must be one for all the
# processes that serve or change content (web workers, the queue worker, commands): in Redis
# when there is one; otherwise in a file on this host, so that each process may keep pages in
# its own memory and still drop them the moment any process changes content.
CACHES["version"] = (
    CACHES["default"]
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": env_str("CONTENT_VERSION_DIR", str(BASE_DIR / ".content-version")),
    }
)
CACHE_TTL = env_int("CACHE_TTL", 300)
# Site search results are cached this long per language and query (0 turns it off).
SEARCH_CACHE_SECONDS = env_int("SEARCH_CACHE_SECONDS", 60)
# What the directory lists remember under the content version (accmr.listing, the filter
# sidebar, the vocabularies, the network map and comparison, the HSDS data version): always
# dropped at the first change to content (the version is shared, CACHES["version"]); kept
# CACHE_TTL with PAGE_CACHE on, and this many seconds with it off. 0 computes them every time.
DATA_CACHE_SECONDS = env_int("DATA_CACHE_SECONDS", 60)
# Licence of the open data (API, downloads); coordinators choose it, CC BY 4.0 by default.
OPEN_DATA_LICENCE = env_str("OPEN_DATA_LICENCE", "CC BY 4.0")
OPEN_DATA_LICENCE_URL = env_str(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
# Per client address (accmr.lib.client_ip): requests to the HSDS API per minute, and
# whole-directory files (downloads, `?format=ndjson`) per hour; beyond, 429 with Retry-After.
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 300)
# The open-data files are rebuilt by a task after the content changes, waiting this many seconds
# so that a burst of changes gives one build (members.hsds.files.queue_build); also nightly.
OPEN_DATA_BUILD_ON_CHANGE = env_bool("OPEN_DATA_BUILD_ON_CHANGE", True)
OPEN_DATA_BUILD_DELAY = env_int("OPEN_DATA_BUILD_DELAY", 120)
BULK_DOWNLOADS_PER_HOUR = env_int("BULK_DOWNLOADS_PER_HOUR", 30)
# Whole-page cache for anonymous visitors (accmr.cache), on by default: in Redis when REDIS_URL
# is set, else in each process's memory (every process reads the shared content version, so a
# change made by any process on this host empties them all at once; see CACHES["version"]).
PAGE_CACHE = env_bool("PAGE_CACHE", True)

AUTH_USER_MODEL = "accmr.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "members:dashboard"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24 * 3

# Sessions end after idle time (SESSION_COOKIE_AGE, renewed on each request)
# and at an absolute limit (SESSION_ABSOLUTE_AGE, enforced by accmr.middleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 60 * 60 * 2)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_AGE = env_int("SESSION_ABSOLUTE_SECONDS", 60 * 60 * 12)

# Brute-force protection (django-axes): lock a username+IP pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password"]
# Count failures against the case-folded e-mail; name clients in axes' log lines by pseudonyms.
AXES_USERNAME_CALLABLE = "accmr.accounts.axes_username"
AXES_CLIENT_STR_CALLABLE = "accmr.accounts.axes_client_str"
# One client-IP rule for every limit (accmr.lib.client_ip): X-Forwarded-For is read only when
# PROXY_COUNT proxies are declared and the peer is one of FORWARDED_ALLOW_IPS (gunicorn's own
# list of proxies it trusts for X-Forwarded-Proto).
AXES_CLIENT_IP_CALLABLE = "accmr.lib.client_ip.axes_client_ip"
PROXY_COUNT = env_int("PROXY_COUNT", 0)
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", ["127.0.0.1"])

# Two-factor authentication for staff in the admin (off in development unless asked for).
OTP_REQUIRED_FOR_STAFF = env_bool("OTP_REQUIRED_FOR_STAFF", not DEBUG)
OTP_TOTP_ISSUER = "ACCMR Portal"

# Back office (admin). modeltranslation's language tabs need jQuery UI tabs, which it loads
# from a CDN by default; a small local equivalent is served from our own static files.
JQUERY_UI_URL = "js/admin_tabs.js"  # read by modeltranslation under this name
# Imports: files up to IMPORT_MAX_BYTES, checked before parsing; staged between the preview
# and the confirmation in the cache when Redis is shared by the workers, in /tmp otherwise.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 10000)
# An import whose worker has given no sign of life for this long is shown as failed (the
# worker died; its transaction was rolled back) with a "try again" button.
IMPORT_STALE_SECONDS = env_int("IMPORT_STALE_SECONDS", 120)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_TMP_STORAGE_CLASS = (
    "import_export.tmp_storages.CacheStorage"
    if REDIS_URL
    else "import_export.tmp_storages.TempFolderStorage"
)

# Internationalisation: Greek first, English second; the public site also in the languages
# of the people it serves (Arabic, Farsi and Urdu are written right to left).
LANGUAGE_CODE = "el"
LANGUAGES = [
    ("el", _("Greek")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("ur", _("Urdu")),
    ("fr", _("French")),
    ("uk", _("Ukrainian")),
]
# The member area (/<lang>/my/), accounts, invitations and the admin stay in these two: a request
# for them in another language is redirected (accmr.middleware.MemberLanguagesMiddleware).
MEMBER_LANGUAGES = ("el", "en")
PUBLIC_ONLY_LANGUAGES = tuple(code for code, _name in LANGUAGES if code not in MEMBER_LANGUAGES)
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["accmr.formats"]  # English dates day-first (accmr/formats/en)
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Athens"
MODELTRANSLATION_DEFAULT_LANGUAGE = "el"
MODELTRANSLATION_LANGUAGES = ("el", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("el",), "el": ("en",)}
# Content (organisations, services, activities, news) is written in Greek and English only. A
# page in another language shows it in English where it exists, else in Greek, marked with its
# language (members.templatetags.directory `translated`). modeltranslation refuses fallback keys
# outside its own languages (and reads Greek for any other active language), so this chain is
# ours and explicit.
CONTENT_FALLBACK_LANGUAGES = {
    **MODELTRANSLATION_FALLBACK_LANGUAGES,
    **{code: ("en", "el") for code in PUBLIC_ONLY_LANGUAGES},
}

# Static and media files.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Bootstrap's CSS without the rules no page uses, built from node_modules by `make install`
    # (assets/purge-css.mjs); templates/base.html links it.
    ("vendor/purged", BASE_DIR / "build" / "css"),
    # Arabic-script font (Arabic, Farsi, Urdu), loaded by static/css/rtl.css on those pages only.
    (
        "vendor/fonts",
        BASE_DIR / "node_modules" / "@fontsource-variable" / "noto-naskh-arabic" / "files",
    ),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME")
# Uploads on the local disk are served by the app itself (accmr.views.media), so a single
# host or the docker-compose file works without a web server in front; off when they live in
# a bucket, or when a proxy serves MEDIA_ROOT itself.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not AWS_STORAGE_BUCKET_NAME)
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage"
        if AWS_STORAGE_BUCKET_NAME
        else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
    # Uploads nobody may see at a public address: logos waiting for review (members.images),
    # served only through a view that checks who asks. Outside MEDIA_ROOT on the disk; in the
    # bucket under private/, which the load balancer must not route /media/ to.
    "private": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"location": "private", "default_acl": "private", "querystring_auth": True},
    }
    if AWS_STORAGE_BUCKET_NAME
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": "/no-public-address/"},
    },
}
# Media on S3 (or an S3-compatible store) when AWS_STORAGE_BUCKET_NAME is set: uploads then
# survive any app container. Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY,
# which boto3 reads from the environment itself. The CSP allows images from our origin only,
# so serve the bucket under our own domain (AWS_S3_CUSTOM_DOMAIN, e.g. "portal.example.org/media"
# with the load balancer routing /media/ to the bucket).
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME") or None
AWS_S3_CUSTOM_DOMAIN = env_str("AWS_S3_CUSTOM_DOMAIN") or None
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_AUTH = False
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Task queue (django-tasks, the backport of Django 6's tasks API): long work (e-mail, imports,
# scheduled jobs) is queued in the database and run by `manage.py db_worker` processes.
# TASKS_BACKEND=immediate runs each task inside the call that queues it (the tests do that).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASKS_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASKS_BACKENDS)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[TASKS_BACKEND]}}
# An e-mail that fails is tried again EMAIL_MAX_ATTEMPTS times in all, waiting
# EMAIL_RETRY_SECONDS, then four times longer after each failure (1, 4, 16, 64 minutes).
EMAIL_MAX_ATTEMPTS = env_int("EMAIL_MAX_ATTEMPTS", 5)
EMAIL_RETRY_SECONDS = env_int("EMAIL_RETRY_SECONDS", 60)

# E-mail: console in development, SMTP when EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
# Without SMTP, e-mails go to the console; outside development with their invitation and reset
# links shown as the route's name, since the console is then the server's log.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "accmr.lib.mail.RedactingConsoleBackend",
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "ACCMR Portal <noreply@accmr.gr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
COORDINATORS_EMAIL = env_list("COORDINATORS_EMAIL", ["info@accmr.gr"])
# The public e-mail address shown on the contact, accessibility and privacy pages; the pages
# offer phone and post only while it is empty.
CONTACT_EMAIL = env_str("CONTACT_EMAIL")

# Security. SECURE_SSL_REDIRECT is on by default outside development; behind a TLS
# proxy set SECURE_PROXY_SSL_HEADER_ENABLED=1 so Django knows the request was HTTPS.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = not DEBUG
# `__Host-` names whenever the cookies are Secure (production): a browser then accepts them only
# over HTTPS, for the whole site and from this very host (no Domain), so a neighbouring
# subdomain cannot plant a session or CSRF cookie on us. Development (http) keeps plain names.
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "accmr.views.csrf_failure"  # translated, in the site's layout
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp 4): nothing from other hosts, no inline script.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes names the e-mail address and IP of a failed login in its messages; they
        # stay out of the logs (lock-outs are recorded in the database and shown in the admin).
        "axes": {"level": "ERROR"},
    },
}
