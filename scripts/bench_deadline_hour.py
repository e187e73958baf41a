"""`make bench-deadline`: the deadline hour, measured through the production topology.

On loopback, with `scripts/prod_smoke.py`'s topology helpers (its database `duban_smoke` and
Redis db 5, so not at the same time as `make prod-smoke`): nginx with deploy/nginx/duban.conf
in front of two gunicorn app servers with deploy/gunicorn.conf.py. Then:

(a) 200 liaisons already signed in (API tokens made before the clock starts) each list, open,
    save three times and submit within 60 s, through nginx (scripts/bench_deadline.py
    --signed-in): errors, lost updates, p95 per step beside the p95 of a trivial signed-in
    page sampled in the same run;
(b) sign-in capacity per core: password checks a second on one core with the configured
    hasher (its algorithm and cost printed), the bound on sign-ins whatever else is fast;
(c) the cockpit at 10,000 tasks × 12 periods, cold and warm, as a ratio to a trivial page
    (scripts/bench_cockpit.py, its own scratch database), unless --skip-cockpit.

Not part of CI. Every part is bounded; the whole run stays under 5 minutes on a quiet
machine. Figures are printed, never asserted, except that (a) exits 1 on an error or a lost
update.
"""

import argparse
import subprocess
import sys
import time

from prod_smoke import (
    BASE_DIR,
    GUNICORN,
    HOST,
    NGINX,
    PORT_A,
    PORT_B,
    PYTHON,
    SmokeError,
    Topology,
    drop_database,
    flush_redis,
    healthy,
    psql,
    wait_for,
)
from prod_smoke import DATABASE as SMOKE_DATABASE

HASH_SECONDS = 5
HASH_CODE = f"""
import time
import django
django.setup()
from django.contrib.auth.hashers import check_password, get_hasher, make_password
hasher = get_hasher()
encoded = make_password("Deadline-hour-2021")
count, started = 0, time.perf_counter()
while time.perf_counter() - started < {HASH_SECONDS}:
    check_password("Deadline-hour-2021", encoded)
    count += 1
elapsed = time.perf_counter() - started
cost = getattr(hasher, "iterations", None) or getattr(hasher, "time_cost", "?")
print(f"hasher: {{hasher.algorithm}}, cost {{cost}}; one check {{elapsed / count * 1000:.0f}} ms")
print(f"sign-in capacity: {{count / elapsed:.1f}} per second per core"
      f" ({{count / elapsed * 3600:.0f}} an hour)")
"""


def sign_in_capacity(top: Topology) -> None:
    print("\n== (b) sign-in capacity per core (one core, the configured hasher) ==", flush=True)
    subprocess.run(
        ["taskset", "-c", "0", PYTHON, "-c", HASH_CODE],
        cwd=BASE_DIR,
        env=top.env,
        timeout=HASH_SECONDS + 60,
        check=False,
    )


def deadline_burst(top: Topology, users: int, seconds: int) -> int:
    print(
        f"\n== (a) {users} signed-in liaisons: list, open, 3 saves, submit within {seconds} s"
        " (nginx → 2 app servers) ==",
        flush=True,
    )
    result = subprocess.run(
        [
            PYTHON,
            "scripts/bench_deadline.py",
            "--url",
            NGINX,
            "--users",
            str(users),
            "--seconds",
            str(seconds),
            "--signed-in",
        ],
        cwd=BASE_DIR,
        env=top.env,
        timeout=seconds + 180,
        check=False,
    )
    return result.returncode


def cockpit() -> None:
    print("\n== (c) cockpit at 10,000 tasks × 12 periods (in-process, PostgreSQL) ==", flush=True)
    subprocess.run(
        [
            PYTHON,
            "scripts/bench_cockpit.py",
            "--tasks",
            "10000",
            "--periods",
            "12",
            "--requests",
            "100",
            "--cold",
            "10",
            "--flushed",
            "2",
            "--seconds",
            "30",
        ],
        cwd=BASE_DIR,
        timeout=240,
        check=False,
    )


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--skip-cockpit", action="store_true")
    args = parser.parse_args(argv)
    began = time.monotonic()
    top = Topology()
    status = 1
    try:
        drop_database()
        psql(f"CREATE DATABASE {SMOKE_DATABASE}")
        flush_redis()
        for step in (("migrate", "--noinput"), ("collectstatic", "--noinput"), ("load_demo",)):
            top.manage(*step, timeout=180)
        for name, port in (("app-a", PORT_A), ("app-b", PORT_B)):
            top.start(
                name,
                [GUNICORN, "-c", "deploy/gunicorn.conf.py", "config.wsgi"],
                {"GUNICORN_BIND": f"{HOST}:{port}"},
            )
        conf = top.nginx_conf()
        # 200 clients each hold a connection to nginx and one to an app server: the smoke's
        # 256 connections would make nginx refuse some (a production site sets its own).
        conf.write_text(
            conf.read_text().replace("worker_connections 256;", "worker_connections 2048;")
        )
        top.start("nginx", ["/usr/sbin/nginx", "-p", str(top.root), "-c", str(conf)])
        for url in (NGINX,):
            wait_for(f"{url}/healthz", healthy(url))
        print(f"topology up in {time.monotonic() - began:.0f} s", flush=True)
        sign_in_capacity(top)
        status = deadline_burst(top, args.users, args.seconds)
    except (SmokeError, subprocess.SubprocessError, OSError) as error:
        print(f"set-up failed: {type(error).__name__}: {error}", file=sys.stderr)
    finally:
        top.stop()
    if not args.skip_cockpit:
        cockpit()
    print(f"\nbench-deadline: {time.monotonic() - began:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
