#!/usr/bin/env bash
# /healthz while whole-directory downloads run (issue 14): gunicorn with 2 workers and DEBUG off,
# PostgreSQL, the open-data files built once by `export_open_data`, then wrk: /healthz alone, and
# /healthz while 4 clients download the services file without pause. TEMPLATE_DB is a loaded
# database to copy (e.g. one made by `seed_demo --scale 2000`); the copy is accmr_bulk.
#
#   TEMPLATE_DB=accmr_bench bench/bulk_downloads_healthz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPLATE_DB=${TEMPLATE_DB:?name a loaded PostgreSQL database to copy}
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS accmr_bulk"
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE accmr_bulk TEMPLATE $TEMPLATE_DB"
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/accmr_bulk DEBUG=0 SECRET_KEY=bench-only-secret-key-0123456789abcdefghijklmnop \
  ALLOWED_HOSTS=127.0.0.1,localhost SECURE_SSL_REDIRECT=0 MEDIA_ROOT=/tmp/bulkmedia SITE_URL=http://127.0.0.1:8199 \
  BULK_DOWNLOADS_PER_HOUR=1000000 API_REQUESTS_PER_MINUTE=1000000 CONTENT_VERSION_DIR=/tmp/bulkcv OPEN_DATA_BUILD_ON_CHANGE=0 PORT=8199
rm -rf /tmp/bulkmedia /tmp/bulkcv; mkdir -p /tmp/bulkmedia /tmp/bulkcv
time .venv/bin/python manage.py migrate --noinput -v 0
time .venv/bin/python manage.py export_open_data
.venv/bin/gunicorn accmr.wsgi --config gunicorn.conf.py >/tmp/bulk-gunicorn.log 2>&1 &
GPID=$!
trap 'kill $GPID' EXIT
for _ in $(seq 60); do curl -fsS -o /dev/null http://127.0.0.1:8199/healthz && break; sleep 1; done
curl -sS -o /dev/null -w "services file: %{http_code} %{size_download} bytes in %{time_total}s\n" http://127.0.0.1:8199/el/data/hsds-services-el.ndjson.gz
echo "== /healthz alone"
wrk -t1 -c1 -d15s --latency http://127.0.0.1:8199/healthz | sed -n '/Latency Distribution/,/Requests\/sec/p'
echo "== /healthz while 4 clients download the services file continuously"
wrk -t2 -c4 -d40s http://127.0.0.1:8199/el/data/hsds-services-el.ndjson.gz > /tmp/bulk-wrk.txt &
sleep 3
wrk -t1 -c1 -d30s --latency http://127.0.0.1:8199/healthz | sed -n '/Latency Distribution/,/Requests\/sec/p'
wait %2 2>/dev/null || true
echo "== the downloads"; grep -E "Requests/sec|Transfer/sec|requests in|Non-2xx" /tmp/bulk-wrk.txt
uptime
