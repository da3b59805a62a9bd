# ACCMR Portal: production image. Build: `docker build -t accmr-portal .`
# Stage 1 installs the Python packages from requirements.lock (production only); stage 2 installs
# the front-end packages from package-lock.json and writes the purged Bootstrap (build/css/,
# assets/purge-css.mjs), which reads the form templates of stage 1's packages; stage 3 compiles
# the catalogues and collects the static files; stage 4 is the slim runtime, run as an
# unprivileged user by gunicorn.

FROM python:3.11.14-slim-bookworm AS python
ENV PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
# msgfmt for compilemessages; the runtime image does not need it.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext=0.21-12 \
    && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
# --no-deps: exactly the locked set, nothing resolved at build time.
RUN pip install --no-cache-dir --no-deps -r /tmp/requirements.lock

FROM node:20.20.2-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY . .
COPY --from=python /opt/venv/lib/python3.11/site-packages/crispy_bootstrap5 /packages/crispy_bootstrap5
COPY --from=python /opt/venv/lib/python3.11/site-packages/django/forms /packages/django/forms
# The same step as `make install`; then PurgeCSS and its dependencies leave node_modules.
RUN node assets/purge-css.mjs /packages/crispy_bootstrap5 /packages/django/forms \
    && npm prune --omit=dev --no-audit --no-fund --loglevel=error

FROM python AS build
WORKDIR /app
COPY . .
COPY --from=assets /build/node_modules ./node_modules
COPY --from=assets /build/build ./build
RUN DEBUG=1 python manage.py compilemessages --ignore=node_modules -v 0 \
    && DEBUG=0 SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput -v 0

FROM python:3.11.14-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/opt/venv/bin:$PATH \
    BIND=0.0.0.0:8000 \
    MEDIA_ROOT=/app/media
# PRIVATE_MEDIA_ROOT keeps its default, /app/private-media (a volume, like /app/media).
RUN groupadd --system --gid 10001 accmr \
    && useradd --system --uid 10001 --gid accmr --home-dir /app --shell /usr/sbin/nologin accmr
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
WORKDIR /app
# Code and static files stay owned by root (read-only for the app); only uploads and the
# content version (without Redis: accmr.cache) are writable.
RUN mkdir -p /app/media /app/private-media /app/.content-version \
    && chown accmr:accmr /app/media /app/private-media /app/.content-version
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "/app/docker/healthcheck.py"]
CMD ["gunicorn", "accmr.wsgi", "--config", "gunicorn.conf.py"]
