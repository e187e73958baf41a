"""The job queue across processes: N probe jobs drained by one `db_worker`, then by two.

A scratch PostgreSQL database (`duban_bench_workers`, created and dropped here) holds the
queue, as in production (django-tasks-db). The job is `duban.core.jobs.probe_job`, the lightest
real job there is (it counts its run in the cache), so the figure is what the queue itself
costs: claim a row (`SELECT … FOR UPDATE SKIP LOCKED`), run, record the result. Each round
enqueues N jobs with no worker running, then starts the workers (`db_worker --batch`, which
exits once the queue is empty) and times from the first job started to the last one finished,
as the database recorded them, so the workers' start-up is not counted. Afterwards every job
must have run exactly once: one result row, SUCCESSFUL, one worker id, a count of 1 in the
cache (Redis db 6 when Redis answers, the counts expire within the hour; else a file cache).
Also printed: the workers' CPU per job, their start-up (a worker on an empty queue) taken out.
Rounds alternate (1, 2, 1, 2 …); the best of each is printed. Bounded: about a minute with the
defaults, 90 s at most. Loopback only; exits 1 when a job did not run exactly once.

    .venv/bin/python scripts/bench_workers.py [--jobs 400] [--rounds 2] [--conn-max-age 60]
"""

import argparse
import os
import resource
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = str(BASE_DIR / ".venv" / "bin" / "python")
HOST = "127.0.0.1"
DATABASE = "duban_bench_workers"
REDIS_DB = 6
DEADLINE_SECONDS = 90
ROUND_SECONDS = 40

started_at = time.monotonic()


def remaining() -> float:
    return DEADLINE_SECONDS - (time.monotonic() - started_at)


def psql(sql: str) -> None:
    subprocess.run(
        ["psql", "-h", HOST, "-U", "postgres", "-d", "postgres", "-q", "-c", sql],
        check=True,
        capture_output=True,
        timeout=60,
    )


def redis_is_up() -> bool:
    try:
        with socket.create_connection((HOST, 6379), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def environment(conn_max_age: int, cache_dir: str) -> dict[str, str]:
    cache = f"rediscache://{HOST}:6379/{REDIS_DB}" if redis_is_up() else f"filecache://{cache_dir}"
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DUBAN_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"postgres://postgres@{HOST}:5432/{DATABASE}",
        "CONN_MAX_AGE": str(conn_max_age),
        "CACHE_URL": cache,
        "LOG_LEVEL": "WARNING",
    }


def manage(env: dict[str, str], *args: str, timeout: float = 60) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=min(timeout, max(remaining(), 5)),
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {args[0]} failed: {result.stderr[-800:]}")
    return result.stdout


def enqueue(run: str, jobs: int) -> None:
    """N probe jobs in one transaction, with no worker running yet."""
    from django.db import transaction

    from duban.core.jobs import probe_job

    with transaction.atomic():
        for number in range(jobs):
            probe_job.enqueue(f"{run}-{number}")


def results_of(run: str) -> tuple[list[tuple[str, str, list[str], Any, Any]], float | None]:
    """One row per job of the round: token, status, worker ids, what it returned (its count
    when it ran), its count in the cache now; and the seconds from the first job started to
    the last one finished, as the database recorded them."""
    from django.core.cache import cache
    from django.db.models import Max, Min
    from django_tasks_db.models import DBTaskResult

    from duban.core.jobs import probe_key

    rows = DBTaskResult.objects.filter(
        task_path="duban.core.jobs.probe_job", args_kwargs__args__0__startswith=f"{run}-"
    )
    found = [
        (row.args_kwargs["args"][0], row.status, row.worker_ids, row.return_value) for row in rows
    ]
    counts = cache.get_many([probe_key(token) for token, *_rest in found])
    span = rows.aggregate(first=Min("started_at"), last=Max("finished_at"))
    seconds = (span["last"] - span["first"]).total_seconds() if span["first"] else None
    return [(*row, counts.get(probe_key(row[0]))) for row in found], seconds


def run_workers(env: dict[str, str], run: str, workers: int) -> float:
    """Start `workers` db_workers that stop once the queue is empty; wait for them. Returns the
    CPU seconds they used (user + system), start-up included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    processes = [
        subprocess.Popen(
            [
                PYTHON,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-startup-delay",
                "--no-reload",
                "--interval",
                "0",
                "--worker-id",
                f"bench-{run}-{number}",
                "-v0",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for number in range(1, workers + 1)
    ]
    try:
        for process in processes:
            _out, err = process.communicate(timeout=min(ROUND_SECONDS, max(remaining(), 1)))
            if process.returncode != 0:
                raise RuntimeError(f"db_worker exited {process.returncode}: {err[-800:]!r}")
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def one_round(env: dict[str, str], workers: int, jobs: int, idle_cpu: float) -> dict[str, Any]:
    run = f"{workers}w-{uuid.uuid4().hex[:8]}"
    enqueue(run, jobs)
    began = time.monotonic()
    cpu = run_workers(env, run, workers)
    wall = time.monotonic() - began
    rows, seconds = results_of(run)
    tokens = [token for token, *_rest in rows]
    problems = []
    if len(rows) != jobs or len(set(tokens)) != jobs:
        problems.append(f"{len(rows)} result rows for {jobs} jobs")
    for token, status, worker_ids, returned, cached in rows:
        if status != "SUCCESSFUL" or len(worker_ids) != 1 or returned != 1 or cached != 1:
            problems.append(f"{token}: {status}, workers {worker_ids}, ran {cached} time(s)")
    per_worker: dict[str, int] = {}
    for _token, _status, worker_ids, _returned, _cached in rows:
        for worker_id in worker_ids:
            per_worker[worker_id] = per_worker.get(worker_id, 0) + 1
    seconds = seconds or float("nan")
    return {
        "workers": workers,
        "jobs": jobs,
        "seconds": seconds,
        "rate": jobs / seconds,
        "wall": wall,
        "split": sorted(per_worker.values(), reverse=True),
        # The workers' own CPU per job: start-up (a worker on an empty queue) taken out.
        "cpu_ms": max(cpu - workers * idle_cpu, 0.0) / jobs * 1000,
        "problems": problems,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=400, help="jobs per round (default 400)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of each (default 2)")
    parser.add_argument(
        "--conn-max-age",
        type=int,
        default=60,
        help="CONN_MAX_AGE of the workers (production's 60; 0: a new connection per job)",
    )
    options = parser.parse_args()
    cache_dir = tempfile.mkdtemp(prefix="duban-bench-workers-")
    env = environment(options.conn_max_age, cache_dir)
    results: list[dict[str, Any]] = []
    try:
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
        psql(f"CREATE DATABASE {DATABASE}")
        manage(env, "migrate", "django_tasks_database", "--noinput", "-v0")
        # This process enqueues and checks; the workers are separate processes.
        os.environ.update(env)
        sys.path.insert(0, str(BASE_DIR))
        import django

        django.setup()
        idle_cpu = run_workers(env, "idle", 1)
        for _round in range(options.rounds):
            for workers in (1, 2):
                if remaining() < ROUND_SECONDS / 2:
                    break
                results.append(one_round(env, workers, options.jobs, idle_cpu))
    finally:
        if "django" in sys.modules:
            from django.db import connections

            connections.close_all()
        psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    cache = "Redis" if env["CACHE_URL"].startswith("redis") else "file cache"
    print(
        f"{options.jobs} probe jobs a round, PostgreSQL queue, {cache}, "
        f"CONN_MAX_AGE={options.conn_max_age}, {os.cpu_count()} cores"
    )
    for result in results:
        print(
            f"  {result['workers']} worker(s): {result['rate']:7.0f} jobs/s "
            f"({result['seconds']:.2f} s first start → last finish, {result['wall']:.1f} s "
            f"with start-up; split {'/'.join(map(str, result['split']))}; "
            f"worker CPU {result['cpu_ms']:.1f} ms a job)"
        )
    best = {
        workers: max((r["rate"] for r in results if r["workers"] == workers), default=0.0)
        for workers in (1, 2)
    }
    if best[1] and best[2]:
        print(
            f"  best: 1 worker {best[1]:.0f} jobs/s, 2 workers {best[2]:.0f} jobs/s "
            f"(× {best[2] / best[1]:.2f})"
        )
    problems = [problem for result in results for problem in result["problems"]]
    if problems:
        print(f"  NOT exactly once: {len(problems)} problem(s), e.g. {problems[:3]}")
        return 1
    print(f"  every job ran exactly once ({sum(r['jobs'] for r in results)} jobs)")
    print(f"  ({time.monotonic() - started_at:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
