#!/usr/bin/env bash
# Search latency at scale: PostgreSQL with ~50,000 services, gunicorn, wrk at 16 connections.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/accmr_bench bench/search_bench.sh
#
# Loads `seed_demo --scale 10000` when the directory seed provides it (else bench/search_data.py),
# starts gunicorn like `make serve` on 127.0.0.1:$PORT, then runs wrk for DURATION against
# /el/search/?q=… for a few queries, once with the result cache (SEARCH_CACHE_SECONDS=60,
# what production runs) and once without it (every request hits PostgreSQL). Prints p50/p95/p99
# in milliseconds; the target is p95 < 150 ms. Only talks to 127.0.0.1 and stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."

: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database}"
PORT="${PORT:-8106}"
DURATION="${DURATION:-20s}"
CONNECTIONS="${CONNECTIONS:-16}"
SCALE="${SCALE:-10000}"
PY=.venv/bin/python
export DATABASE_URL DEBUG=0 SECRET_KEY="bench-only-$(date +%s)-secret-key-not-for-production"
export ALLOWED_HOSTS=127.0.0.1 SECURE_SSL_REDIRECT=0 LOG_LEVEL=WARNING

$PY manage.py migrate --noinput -v 0
count() { $PY manage.py shell -v 0 -c "from members.models import Service; print(Service.objects.published().count())"; }
if [ "$(count)" -lt $((SCALE * 4)) ]; then
  DEBUG=1 $PY manage.py seed_demo --scale "$SCALE" || true
  if [ "$(count)" -lt $((SCALE * 4)) ]; then
    DEBUG=1 $PY bench/search_data.py "$SCALE"
  fi
fi
echo "published services: $(count)"
psql "$DATABASE_URL" -qc "ANALYZE" >/dev/null

QUERIES=("athina" "ΑΘΗΝΑ" "nomiki voitheia" "ellinika mathimata" "legal aid" "psychologiki ypostiriksi")
urlencode() { $PY -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

run() {  # $1 = cache seconds
  SEARCH_CACHE_SECONDS="$1" .venv/bin/gunicorn accmr.wsgi --bind "127.0.0.1:$PORT" \
    --workers "${WEB_CONCURRENCY:-2}" --log-level warning &
  local pid=$!
  trap 'kill $pid 2>/dev/null || true' EXIT
  for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
  for q in "${QUERIES[@]}"; do
    url="http://127.0.0.1:$PORT/el/search/?q=$(urlencode "$q")"
    curl -fsS -o /dev/null "$url"  # warm up
    result=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s bench/search_latency.lua "$url" | grep RESULT)
    printf 'cache=%-3s q=%-26s %s\n' "$1" "$q" "${result#RESULT }"
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  trap - EXIT
}

run 60
run 0
