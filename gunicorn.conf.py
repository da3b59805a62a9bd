"""Gunicorn settings shared by `make serve` and the Docker image (read from the working directory).

Every value can be overridden from the environment: PORT, BIND, WEB_CONCURRENCY,
GUNICORN_THREADS, GUNICORN_TIMEOUT, GUNICORN_MAX_REQUESTS, FORWARDED_ALLOW_IPS.
"""

import os
import re

from gunicorn import glogging

bind = os.environ.get("BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# The application is loaded once in the master (preload_app) and forked: a new worker starts
# in milliseconds instead of importing Django again while requests queue behind it.
preload_app = True
# Workers are not recycled by default: bench/RESULTS.md shows flat memory per worker over
# tens of thousands of requests, and every recycle costs a cold worker (latency spikes).
# GUNICORN_MAX_REQUESTS turns recycling on should a leak ever appear.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10

# Request lines longer than this (an address of over 4 KB) get gunicorn's bare 414; the proxy
# in front should refuse them first with its own page (README, "URI too long").
limit_request_line = 4094

# Only a proxy we trust may tell us the client's scheme (X-Forwarded-Proto).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Access log without personal data: no client IP, no query string (searches), no user agent,
# no referrer. Method, path, status, size and duration are enough to run the service.
accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'


class AccessLogger(glogging.Logger):
    """The path as the app says to log it (accmr.middleware.LogPathMiddleware): invitation and
    reset links appear as their route's name, never with their token. A request the app did
    not route (static files) keeps its path, minus any long token-looking segment."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        atoms["U"] = environ.get("accmr.log_path") or _TOKENISH.sub("/…", atoms["U"] or "")
        return atoms


_TOKENISH = re.compile(r"/[\w-]{20,}(?=/|$)")  # as accmr.lib.redact, without importing Django
logger_class = AccessLogger
errorlog = "-"
# No control socket (gunicorn 24+ puts one in $HOME): nothing uses it, and in the container
# the unprivileged user's home is read-only.
control_socket_disable = True
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
