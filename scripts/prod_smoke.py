"""`make prod-smoke`: the production topology on this machine, on loopback, driven over HTTP.

nginx (deploy/nginx/duban.conf, rewritten only between its BEGIN/END marks) on :18080 in front
of two gunicorn app servers (:18001, :18002, deploy/gunicorn.conf.py) and two db_workers. The
four processes share nothing but PostgreSQL (a fresh `duban_smoke` database), Redis (db 5,
flushed) and one MEDIA_ROOT, as several hosts would share a mount. Everything started here is
stopped on the way out; a short PASS/FAIL table is printed and the exit code says if all passed.
"""

import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
GUNICORN = str(BASE_DIR / ".venv" / "bin" / "gunicorn")
HOST = "127.0.0.1"
PORT_A, PORT_B, PORT_NGINX = 18001, 18002, 18080
A, B, NGINX = f"http://{HOST}:{PORT_A}", f"http://{HOST}:{PORT_B}", f"http://{HOST}:{PORT_NGINX}"
DATABASE = "duban_smoke"
REDIS_DB = 5
DEADLINE_SECONDS = 270  # the whole run, set-up included, stays under 5 minutes
PROBES = 20

SEED_FILE = BASE_DIR / "duban" / "demo" / "data" / "jiaxing-2021-h1.txt"
ADMIN = ("office_admin", "Duban-admin-2021")
LIAISON = ("fgw_liaison", "Duban-fgw-2021")

started_at = time.monotonic()
results: list[tuple[str, bool, str]] = []


class SmokeError(Exception):
    pass


def expect(condition: object, detail: object) -> None:
    if not condition:
        raise SmokeError(str(detail))


def remaining() -> float:
    return DEADLINE_SECONDS - (time.monotonic() - started_at)


def wait_for(what: str, predicate: Callable[[], Any], timeout: float = 60) -> Any:
    limit = time.monotonic() + min(timeout, max(remaining(), 1))
    while time.monotonic() < limit:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise SmokeError(f"timed out waiting for {what}")


# -- the machine ------------------------------------------------------------------------


class Topology:
    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="duban-smoke-"))
        self.root.chmod(0o755)  # nginx's workers (user nobody) read the static files
        self.media = self.root / "shared-media"
        self.static = self.root / "static"
        self.published = self.root / "published"
        self.processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DUBAN_"))},
            "DJANGO_SETTINGS_MODULE": "config.settings.prod",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{DATABASE}",
            "CACHE_URL": f"rediscache://{HOST}:6379/{REDIS_DB}",
            "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(self.static),
            "DUBAN_STATIC_PUBLISH_ROOT": str(self.published),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "CSRF_TRUSTED_ORIGINS": f"{A},{B},{NGINX}",
            "DUBAN_TRUSTED_PROXIES": HOST,
            # The demo office account has no authenticator enrolled: the second factor is held
            # by its own tests (accounts/tests/test_otp.py); this drives hosts, caches and files.
            "DUBAN_OTP_REQUIRED": "false",
            "GUNICORN_FORWARDED_ALLOW_IPS": HOST,
            "GUNICORN_WORKERS": "2",
            "GUNICORN_THREADS": "2",
            "GUNICORN_PRELOAD": "true",
            # Plain HTTP on loopback: no TLS to insist on here.
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "DUBAN_NOTIFY_CHANNELS": "in_app",
            "LOG_LEVEL": "WARNING",
            # Hashed names as in production, without compressing every file (minutes here).
            "DUBAN_STATICFILES_BACKEND": (
                "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
            ),
        }

    def log(self, name: str) -> Any:
        return (self.root / f"{name}.log").open("wb")

    def manage(self, *args: str, timeout: float = 120) -> str:
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if result.returncode != 0:
            raise SmokeError(f"manage.py {args[0]} failed: {result.stderr[-800:]}")
        return result.stdout

    def query(self, code: str) -> Any:
        """Run `code` (which sets `out`) in a Django shell on the shared database."""
        script = f"import json\n{code}\nprint('SMOKE-JSON' + json.dumps(out, default=str))"
        output = self.manage("shell", "--no-imports", "-c", script)
        return json.loads(output.rsplit("SMOKE-JSON", 1)[1])

    def start(self, name: str, command: list[str], env: dict[str, str] | None = None) -> None:
        process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env={**self.env, **(env or {})},
            stdout=self.log(name),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append((name, process))

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        drop_database()
        flush_redis()
        shutil.rmtree(self.root, ignore_errors=True)

    def nginx_conf(
        self, upstreams: tuple[int, ...] = (PORT_A, PORT_B), *, rate_limits: bool = True
    ) -> Path:
        """deploy/nginx/duban.conf on loopback, in front of the app servers on `upstreams`.

        Benchmarks drop the per-address rate limits: from one loopback address they would
        measure the limit, not the server.
        """
        site = (BASE_DIR / "deploy" / "nginx" / "duban.conf").read_text()
        if not rate_limits:
            site = re.sub(r"^ *limit_req zone=.*\n", "", site, flags=re.M)
        site = replace_between(
            site,
            "upstream",
            "".join(
                f"    server {HOST}:{port} max_fails=3 fail_timeout=10s;\n" for port in upstreams
            ),
        )
        site = replace_between(site, "http-redirect", "")
        site = replace_between(site, "listen", f"    listen {HOST}:{PORT_NGINX};\n")
        params = self.root / "duban_proxy_params"
        shutil.copy(BASE_DIR / "deploy" / "nginx" / "duban_proxy_params", params)
        site = (
            site.replace("duban.example.gov.cn", HOST)
            .replace("/etc/nginx/duban_proxy_params", str(params))
            .replace("/var/log/nginx/", f"{self.root}/")
            .replace("/srv/duban/var/static/", f"{self.static}/")
            .replace("/srv/duban/var/media/", f"{self.media}/")
            .replace("/srv/duban/var/published", str(self.published))
        )
        (self.root / "duban-site.conf").write_text(site)
        conf = self.root / "nginx.conf"
        temp = self.root / "nginx-temp"
        temp.mkdir()
        conf.write_text(
            f"""daemon off;
worker_processes 1;
pid {self.root}/nginx.pid;
error_log {self.root}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {self.root}/duban-site.conf;
}}
"""
        )
        return conf


def replace_between(text: str, mark: str, replacement: str) -> str:
    pattern = re.compile(rf"( *# BEGIN {mark}\n).*?( *# END {mark}\n)", re.S)
    if not pattern.search(text):
        raise SmokeError(f"deploy/nginx/duban.conf has no BEGIN/END {mark} marks")
    return pattern.sub(lambda match: replacement, text, count=1)


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-q", "-c", sql],
        check=True,
        capture_output=True,
        timeout=60,
    )


def drop_database() -> None:
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")


def flush_redis() -> None:
    import redis

    redis.Redis(host=HOST, port=6379, db=REDIS_DB).flushdb()


# -- HTTP --------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """One person's cookies, used against any of the servers."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(
        self,
        url: str,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()
        except (urllib.error.URLError, ConnectionError) as error:  # not listening (yet)
            return 0, {}, str(error).encode()

    def csrf(self) -> str:
        return next(str(cookie.value) for cookie in self.jar if cookie.name == "csrftoken")

    def post(
        self, url: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
        boundary = uuid.uuid4().hex
        parts: list[bytes] = []
        for name, value in fields.items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
                + value.encode()
                + b"\r\n"
            )
        for name, (filename, content) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        origin = url.split("/", 3)[:3]
        return self.request(
            url,
            data=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": "/".join(origin) + "/",
            },
        )

    def sign_in(self, server: str, username: str, password: str) -> None:
        self.request(f"{server}/accounts/login/")
        status, headers, _ = self.post(
            f"{server}/accounts/login/", {"username": username, "password": password}
        )
        if status != 302 or "/accounts/login/" in headers.get("Location", ""):
            raise SmokeError(f"sign-in of {username} on {server} failed ({status})")


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + secrets.token_bytes(3))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


# -- the checks --------------------------------------------------------------------------


def check(name: str) -> Callable[[Callable[[], str]], Callable[[], None]]:
    def decorator(function: Callable[[], str]) -> Callable[[], None]:
        def run() -> None:
            began = time.monotonic()
            try:
                detail = function()
                ok = True
            except Exception as error:  # a failed check is a FAIL line, not a crash
                detail, ok = f"{type(error).__name__}: {error}", False
            results.append((name, ok, f"{detail} ({time.monotonic() - began:.1f}s)"))

        return run

    return decorator


def run_checks(top: Topology) -> None:
    admin = Browser()
    liaison = Browser()

    @check("health through nginx")
    def health() -> str:
        status, headers, body = Browser().request(
            f"{NGINX}/healthz", headers={"X-Request-ID": "smoke-health-1"}
        )
        answer = json.loads(body)
        expect(status == 200, f"{status} {answer}")
        expect(headers.get("X-Request-ID") == "smoke-health-1", headers)
        return f"200, {', '.join(answer['checks'])} ok, request id echoed"

    @check("sign in on A, session valid on B")
    def shared_session() -> str:
        admin.sign_in(A, *ADMIN)
        status, _, _ = admin.request(f"{B}/imports/")
        expect(status == 200, f"B answered {status}")
        return "the session cookie from A opens an office page on B"

    @check("import upload on A, read by a worker, applied once")
    def table_import() -> str:
        status, headers, _ = admin.post(
            f"{A}/imports/",
            {
                "government": "嘉兴市",
                "year": "2021",
                "period": "全年",
                "as_of": "2021-12-31",
                "profile": "jiaxing",
            },
            files={"file": (SEED_FILE.name, SEED_FILE.read_bytes())},
        )
        expect(status == 302, f"upload answered {status}")
        batch = int(re.search(r"/imports/(\d+)/", headers["Location"])[1])  # type: ignore[index]
        batch_status = (
            "from duban.imports.models import ImportBatch\n"
            f"b = ImportBatch.objects.get(pk={batch})\n"
            "out = [b.status, b.summary]"
        )
        wait_for(
            "the import preview",
            lambda: top.query(batch_status)[0] not in {"queued", "reading"},
        )
        first, summary = top.query(batch_status)
        expect(first == "preview", f"status {first}: {summary}")
        status, _, _ = admin.post(f"{B}/imports/{batch}/", {})  # confirmed on the other server
        expect(status == 302, f"confirm on B answered {status}")
        wait_for("the import to apply", lambda: top.query(batch_status)[0] in {"applied", "failed"})
        final, summary = top.query(batch_status)
        expect(final == "applied", f"status {final}: {summary}")
        jobs = top.query(
            "from django_tasks_db.models import DBTaskResult\n"
            f"rows = DBTaskResult.objects.filter(args_kwargs__args=[{batch}])\n"
            "out = [[r.task_path, r.worker_ids, r.status] for r in rows]"
        )
        expect(len(jobs) == 2 and all(len(ids) == 1 for _p, ids, _s in jobs), jobs)
        return f"batch {batch}: read and applied by {sorted({ids[0] for _p, ids, _s in jobs})}"

    @check("publish on A, public page through B is the new version")
    def publish() -> str:
        info = top.query(
            "from duban.publishing.models import Publication\n"
            "p = Publication.objects.order_by('pk').first()\n"
            "out = [p.pk, p.period_id, p.version]"
        )
        first_pk, period_id, version = info
        for _ in range(2):  # the second read comes from the shared cache
            status, _, body = Browser().request(f"{B}/public/{first_pk}/")
            expect(status == 200, f"B answered {status}")
            expect("已有更正版本" not in body.decode(), "v1 already names a correction")
        status, _, _ = admin.post(
            f"{A}/publishing/periods/{period_id}/publish/",
            {
                "published_at": time.strftime("%Y-%m-%d %H:%M"),
                "source": "嘉兴市人民政府督查室",
                "correction_note": "冒烟测试更正",
                "confirm": "on",  # the office has read the preview
            },
        )
        expect(status == 302, f"publish answered {status}")
        latest = top.query(
            "from duban.publishing.models import Publication\n"
            f"versions = Publication.objects.filter(period_id={period_id})\n"
            "out = versions.order_by('-version').values_list('pk', 'version').first()"
        )
        expect(latest[1] == version + 1, f"no new version: {latest}")
        status, _, body = Browser().request(f"{B}/public/{first_pk}/")
        page = body.decode()
        expect(
            status == 200 and f"/public/{latest[0]}/" in page and "已有更正版本" in page,
            "B still serves the old page",
        )
        status, _, body = Browser().request(f"{NGINX}/public/")
        expect(
            f"/public/{latest[0]}/" in body.decode(), f"the list through nginx lacks v2 ({status})"
        )
        return f"v{latest[1]} (#{latest[0]}) linked from v{version}'s page on B at once"

    @check("published files through nginx, without the app servers")
    def published_files() -> str:
        pk = top.query(
            "from duban.publishing.models import Publication\n"
            "out = Publication.objects.order_by('-pk').values_list('pk', flat=True).first()"
        )
        served = []
        for url in (f"/public/{pk}/", f"/public/{pk}/download.xlsx", f"/public/{pk}/download.csv"):
            on_disk = top.published / url.lstrip("/")
            on_disk = on_disk / "index.html" if url.endswith("/") else on_disk
            expect(on_disk.exists(), f"{on_disk} was not written")
            status, headers, body = Browser().request(f"{NGINX}{url}")
            expect(status == 200, f"nginx answered {status} for {url}")
            # The app servers stamp every response with a request id; a file from nginx has none.
            expect("X-Request-ID" not in headers, f"{url} came from an app server")
            expect(body == on_disk.read_bytes(), f"{url} differs from its file")
            expect(body == Browser().request(f"{B}{url}")[2], f"{url} differs from B's answer")
            served.append(url.rsplit("/", 1)[-1] or "page")
        status, headers, _ = Browser().request(f"{NGINX}/public/{pk}/?q=%E5%B8%82")
        expect(status == 200 and "X-Request-ID" in headers, "a filtered page did not reach the app")
        return f"#{pk}: {', '.join(served)} from files, equal to B's; filtered pages to the app"

    @check("attachment uploaded on A, downloaded on B")
    def attachment() -> str:
        liaison.sign_in(A, *LIAISON)
        report = top.query(
            "from duban.reporting.models import ProgressReport\n"
            "mine = ProgressReport.objects.filter(department__name='市发展改革委')\n"
            "r = (mine.filter(state='draft') or mine).order_by('-period__as_of', 'pk').first()\n"
            "out = r.pk if r else None"
        )
        expect(report, "no draft report of 市发展改革委")
        content = tiny_png()
        status, _, _ = liaison.post(
            f"{A}/ledger/reports/{report}/",
            {"action": "attach"},
            files={"file": ("现场照片.png", content)},
        )
        expect(status == 302, f"upload answered {status}")
        attachment_id = top.query(
            "from duban.reporting.models import ReportAttachment\n"
            f"files = ReportAttachment.objects.filter(report_id={report})\n"
            "out = files.order_by('-pk').values_list('pk', flat=True).first()"
        )
        expect(attachment_id, "no attachment stored")
        status, _, body = liaison.request(
            f"{B}/ledger/reports/{report}/attachments/{attachment_id}/"
        )
        expect(status == 200 and body == content, f"B answered {status}, {len(body)} bytes")
        return f"{len(content)} bytes back, identical, from the shared storage"

    @check(f"{PROBES} jobs, two workers, each run once")
    def jobs_once() -> str:
        run = uuid.uuid4().hex[:8]
        top.query(
            "from duban.core.jobs import probe_job\n"
            f"out = [probe_job.enqueue(f'{run}-{{i}}').id for i in range({PROBES})]"
        )
        code = (
            "from django.core.cache import cache\n"
            "from django_tasks_db.models import DBTaskResult\n"
            "from duban.core.jobs import probe_key\n"
            "rows = DBTaskResult.objects.filter(task_path='duban.core.jobs.probe_job',\n"
            f"    args_kwargs__args__0__startswith='{run}')\n"
            "out = [[r.status, r.worker_ids, cache.get(probe_key(r.args_kwargs['args'][0]))]\n"
            "    for r in rows]"
        )
        rows = wait_for(
            "the probe jobs",
            lambda: (lambda rs: rs if all(r[0] == "SUCCESSFUL" for r in rs) else None)(
                top.query(code)
            ),
        )
        expect(len(rows) == PROBES, rows)
        expect(all(len(ids) == 1 and count == 1 for _s, ids, count in rows), rows)
        workers = {ids[0] for _s, ids, _c in rows}
        return f"{PROBES} × once; taken by {', '.join(sorted(workers))}"

    @check("static file through nginx")
    def static() -> str:
        manifest = json.loads((top.static / "staticfiles.json").read_text())
        name = next(path for path in manifest["paths"].values() if path.endswith(".css"))
        status, headers, _ = Browser().request(f"{NGINX}/static/{name}")
        expect(status == 200, status)
        return f"/static/{name} {headers.get('Cache-Control', '')}"

    for step in (
        health,
        shared_session,
        table_import,
        publish,
        published_files,
        attachment,
        jobs_once,
        static,
    ):
        if remaining() <= 0:
            results.append((step.__name__, False, "no time left"))
            continue
        step()


def healthy(server: str) -> Callable[[], bool]:
    return lambda: Browser().request(f"{server}/healthz")[0] == 200


def main() -> int:
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        print("nginx is not installed: run `make nginx-deps` first", file=sys.stderr)
        return 2
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    top = Topology()
    try:
        drop_database()
        psql(f"CREATE DATABASE {DATABASE}")
        flush_redis()
        for step in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("load_demo",)):
            began = time.monotonic()
            top.manage(*step, timeout=180)
            print(f"  {step[0]}: {time.monotonic() - began:.0f}s", file=sys.stderr)
        top.media.mkdir(exist_ok=True)
        top.start(
            "app-a",
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            {"GUNICORN_BIND": f"{HOST}:{PORT_A}"},
        )
        top.start(
            "app-b",
            [GUNICORN, "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
            {"GUNICORN_BIND": f"{HOST}:{PORT_B}"},
        )
        for number in (1, 2):
            top.start(
                f"worker-{number}",
                [
                    PYTHON,
                    "manage.py",
                    "db_worker",
                    "--worker-id",
                    f"smoke-worker-{number}",
                    "--interval",
                    "0.5",
                ],
            )
        conf = top.nginx_conf()
        test = subprocess.run(
            [nginx, "-t", "-p", str(top.root), "-c", str(conf)],
            capture_output=True,
            text=True,
            check=False,
        )
        if test.returncode != 0:
            raise SmokeError(f"nginx -t: {test.stderr}")
        top.start("nginx", [nginx, "-p", str(top.root), "-c", str(conf)])
        for url in (A, B, NGINX):
            wait_for(f"{url}/healthz", healthy(url))
        results.append(
            (
                "topology up",
                True,
                f"nginx :{PORT_NGINX} → A :{PORT_A}, B :{PORT_B}; 2 workers"
                f" ({time.monotonic() - started_at:.0f}s)",
            )
        )
        run_checks(top)
    except (SmokeError, subprocess.SubprocessError, OSError) as error:
        results.append(("topology up", False, f"{type(error).__name__}: {error}"))
        for name in ("app-a", "app-b", "worker-1", "nginx-error"):
            log = top.root / f"{name}.log"
            if log.exists():
                print(
                    f"--- {name}.log (tail)\n{log.read_text(errors='replace')[-1500:]}",
                    file=sys.stderr,
                )
    finally:
        failed = [name for name, ok, _ in results if not ok]
        if failed:
            for name in ("app-a", "app-b", "worker-1", "worker-2", "nginx-error"):
                log = top.root / f"{name}.log"
                if log.exists():
                    print(
                        f"--- {name}.log (tail)\n{log.read_text(errors='replace')[-1200:]}",
                        file=sys.stderr,
                    )
        top.stop()
    width = max(len(name) for name, _ok, _detail in results)
    print(f"\nprod-smoke ({time.monotonic() - started_at:.0f}s)")
    for name, ok, detail in results:
        print(f"  {'PASS' if ok else 'FAIL'}  {name.ljust(width)}  {detail}")
    return 0 if results and all(ok for _name, ok, _detail in results) else 1


if __name__ == "__main__":
    sys.exit(main())
