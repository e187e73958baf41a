#!/usr/bin/env bash
# `make bench`: prints the performance figures. Every load targets 127.0.0.1 only and every
# part is bounded in time. Figures are printed, never asserted: they are measurements.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PORT=${BENCH_PORT:-8765}
DB=duban_bench
WORK=var/bench

if ! command -v wrk >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi

psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE $DB" >/dev/null
rm -rf "$WORK" && mkdir -p "$WORK"
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB"
# Production settings refuse a weak key: a fresh random one for this run; plain http on loopback.
SECRET_KEY=$($BIN/python -c "import secrets; print(secrets.token_urlsafe(50))")
export DJANGO_SETTINGS_MODULE=config.settings.prod SECRET_KEY
export ALLOWED_HOSTS=127.0.0.1,localhost SECURE_COOKIES=false SECURE_SSL_REDIRECT=false
export STATIC_ROOT="$WORK/static" CACHE_URL="filecache://$PWD/$WORK/cache"
# Every bench client comes from 127.0.0.1: the per-address API throttles would count them as one.
export DUBAN_API_SIGN_IN_RATE=100000/min DUBAN_API_ANON_RATE=100000/min
# Bench accounts have no authenticator enrolled; the second factor has its own tests.
export DUBAN_OTP_REQUIRED=false
# Static publishing into a folder nginx's workers (another user) can read.
PUBLISHED=$(mktemp -d /tmp/duban-bench-published.XXXXXX)
chmod 755 "$PUBLISHED"
export DUBAN_STATIC_PUBLISH_ROOT="$PUBLISHED"

GUNICORN_PID=""
stop_server() { [ -n "$GUNICORN_PID" ] && kill "$GUNICORN_PID" 2>/dev/null && wait "$GUNICORN_PID" 2>/dev/null; GUNICORN_PID=""; }
start_server() {  # $1 = workers
  $BIN/gunicorn config.wsgi -w "$1" -b "127.0.0.1:$PORT" --log-level warning &
  GUNICORN_PID=$!
  for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/public/" && return 0; sleep 0.2; done
  echo "gunicorn did not start" >&2; return 1
}
trap 'stop_server; rm -rf "$PUBLISHED"' EXIT

echo "== seed import (PostgreSQL) =="
$BIN/python scripts/bench_import.py

echo
echo "== public table page: dynamic, whitenoise static, published file via nginx (gunicorn, 2 workers) =="
$BIN/python manage.py migrate --noinput -v0
$BIN/python manage.py load_demo -v0 >/dev/null 2>&1
$BIN/python manage.py collectstatic --noinput -v0
$BIN/python manage.py publish_files --all >/dev/null  # the pages need the static manifest
PAGE="/public/$($BIN/python manage.py shell -v0 --no-imports -c 'from duban.publishing.models import Publication; print(Publication.objects.order_by("id").first().pk)')/"
start_server 2
$BIN/python scripts/bench_public.py --url "http://127.0.0.1:$PORT" --page "$PAGE" \
  --static-dir "$STATIC_ROOT/bench" --write-only
stop_server
start_server 2  # whitenoise finds the static copy at start-up
$BIN/python scripts/bench_public.py --url "http://127.0.0.1:$PORT" --page "$PAGE" \
  --static-dir "$STATIC_ROOT/bench" --published-dir "$PUBLISHED"
stop_server

echo
echo "== deadline burst: 200 department users save and submit within 60 s (gunicorn, 4 workers) =="
start_server 4
$BIN/python scripts/bench_deadline.py --url "http://127.0.0.1:$PORT" --users 200 --seconds 60
stop_server

echo
echo "== quantity extraction and status assessment (one core) =="
taskset -c 0 $BIN/python scripts/bench_assess.py

echo
echo "== version diff and 本期变化 on long texts: 12,000 and 30,000 characters (one core) =="
taskset -c 0 $BIN/python scripts/bench_diff.py

echo
echo "== the public table as PDF (one core) =="
taskset -c 0 $BIN/python scripts/bench_pdf.py

echo
echo "== cockpit at province scale: 10,000 tasks × 12 periods (PostgreSQL, in-process test client) =="
$BIN/python scripts/bench_cockpit.py --tasks 10000 --periods 12

echo
echo "== the job queue across processes: probe jobs drained by 1 and by 2 db_workers (PostgreSQL) =="
$BIN/python scripts/bench_workers.py

echo
echo "== what share of a cockpit or API request is PostgreSQL's (10,000 tasks × 12 periods) =="
$BIN/python scripts/bench_db_share.py --tasks 10000 --periods 12

echo
echo "== hostile table files: peak memory of reading each (tracemalloc) =="
$BIN/python scripts/bench_import_limits.py

echo
echo "== simultaneous saves and a double-clicked 保存并提交: SQLite file, then PostgreSQL =="
env -u DATABASE_URL DJANGO_SETTINGS_MODULE=config.settings.test $BIN/python scripts/bench_concurrent_saves.py --saves 13
psql -h 127.0.0.1 -U postgres -qc "DROP DATABASE IF EXISTS ${DB}_saves" >/dev/null
psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE ${DB}_saves" >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:5432/${DB}_saves" DJANGO_SETTINGS_MODULE=config.settings.test \
  $BIN/python scripts/bench_concurrent_saves.py --saves 13

echo
echo "== security probes: authorization, bad files, fuzz, concurrent saves (make probes) =="
$BIN/python scripts/probes.py
