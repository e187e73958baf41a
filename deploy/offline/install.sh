#!/usr/bin/env bash
# On the intranet server, inside the unpacked release (/srv/duban): a venv from the wheelhouse
# only (--no-index: nothing is fetched), each file checked against its pinned sha256.
set -euo pipefail
cd "$(dirname "$0")/../.."
PYTHON=${PYTHON:-python3}
test -x .venv/bin/python || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --no-index --find-links wheelhouse --require-hashes \
  -r requirements/base.hashes.txt
.venv/bin/python -c "import django, psycopg, redis, weasyprint; print('duban dependencies: ok')"
echo "next: /etc/duban/duban.env (see .env.example), then"
echo "  DJANGO_SETTINGS_MODULE=config.settings.prod .venv/bin/python manage.py migrate"
echo "  DJANGO_SETTINGS_MODULE=config.settings.prod .venv/bin/python manage.py collectstatic --noinput"
