"""gunicorn for duban: `gunicorn -c deploy/gunicorn.conf.py config.wsgi`.

Every value can be changed from the environment (GUNICORN_*), so one file serves every host.

Worker class: gthread. duban's requests wait mostly on PostgreSQL, Redis and the disk (uploads,
PDFs), and a few are slow on purpose (password hashing, exports); threads keep a process
answering other people while one request waits, at a fraction of the memory of more
processes. Processes still give the parallelism for Python code: (2 × cores) + 1 of them.
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = _int("GUNICORN_THREADS", 4)
# A request that takes longer than this is stuck: its worker is restarted. The slowest
# legitimate request (a PDF of the whole table) takes a few seconds.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
# nginx keeps connections to the app server open between requests.
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Restart each worker now and then, so a slow leak never grows into an outage.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Only nginx's address may tell gunicorn the original scheme (X-Forwarded-Proto); the
# client's address is read by duban itself from DUBAN_TRUSTED_PROXIES (duban/core/http.py).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# Logs on stderr: systemd's journal keeps them. The access log carries nginx's request id.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-")
errorlog = "-"
access_log_format = (
    '%(h)s "%(r)s" %(s)s %(B)s %(M)sms request_id=%({x-request-id}i)s '
    'forwarded_for="%({x-forwarded-for}i)s"'
)
# Load the application once in the master, so workers share its memory pages.
preload_app = os.environ.get("GUNICORN_PRELOAD", "true").lower() == "true"
