"""Requests/s of the public table page against a static file holding the same bytes.

Usage (against a gunicorn already serving the project on 127.0.0.1):

    python scripts/bench_public.py --url http://127.0.0.1:8765 --page /public/1/ \
        --static /static/bench/public-page.html --static-dir var/static/bench

It fetches the page once, writes its exact bytes to `--static-dir`, then measures both URLs
with wrk. It prints figures and never fails on them: timing on a shared machine is noise-prone.
Static files are found when the server starts (whitenoise without autorefresh), so on a
first run the static URL may 404: run with `--write-only` before starting the server, or
restart it and run again.
"""

import argparse
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

WRK = "/usr/bin/wrk"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
GOAL = 0.50
FETCH_TIMEOUT = 30


def fetch(url: str) -> tuple[int, bytes]:
    """Status and body of one GET (an HTTP error status is returned, not raised)."""
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wrk_requests_per_second(
    url: str, *, threads: int, connections: int, seconds: int
) -> float | None:
    """wrk's "Requests/sec" figure for `url`, or None when wrk gave none."""
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    # wrk stops itself after -d; the extra margin only guards against a hung server.
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 30, check=False
    )
    match = re.search(r"Requests/sec:\s*([\d.]+)", result.stdout)
    errors = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", result.stdout)
    if errors:
        print(f"  warning: {errors.group(1)} non-2xx responses from {url}")
    if match is None:
        print(f"  wrk gave no figure for {url}:\n{result.stdout}{result.stderr}")
        return None
    return float(match.group(1))


def sequential_requests_per_second(url: str, *, seconds: int) -> float:
    """A rough single-connection figure for machines without wrk."""
    count = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        fetch(url)
        count += 1
    return count / seconds


def _figures(runs: list[float]) -> str:
    return " / ".join(f"{figure:.0f}" for figure in runs) or "none"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", required=True, help="base URL, e.g. http://127.0.0.1:8765")
    parser.add_argument("--page", required=True, help="public page path, e.g. /public/1/")
    parser.add_argument("--static", default="/static/bench/public-page.html")
    parser.add_argument(
        "--static-dir", required=True, help="folder on disk that serves --static's folder"
    )
    parser.add_argument("--seconds", type=int, default=5, help="per measurement (max 60)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating rounds (max 5)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--write-only", action="store_true", help="write the static copy and stop")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    base = args.url.rstrip("/")
    if urlsplit(base).hostname not in LOCAL_HOSTS:
        print("refusing: the benchmark only runs against 127.0.0.1")
        return 2
    seconds = max(1, min(args.seconds, 60))
    rounds = max(1, min(args.rounds, 5))
    page_url = base + args.page
    static_url = base + args.static

    status, body = fetch(page_url)
    if status != 200:
        print(f"{page_url} answered {status}; is the seed published and the server running?")
        return 1
    target = Path(args.static_dir) / Path(args.static).name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(body)
    print(f"page: {len(body)} bytes, copied to {target}")
    if args.write_only:
        return 0

    static_status, static_body = fetch(static_url)
    if static_status != 200 or static_body != body:
        print(
            f"{static_url} answered {static_status}"
            f"{'' if static_status != 200 else ' with other bytes'}; restart the server so it"
            " picks up the copy (static files are found at start-up), then run again."
        )
        return 1

    use_wrk = Path(WRK).exists()
    if use_wrk:
        print(f"wrk -t{args.threads} -c{args.connections} -d{seconds}s")
    else:
        print(f"{WRK} not found: rough sequential figures instead (apt-get install wrk)")

    def measure(url: str) -> float | None:
        if use_wrk:
            return wrk_requests_per_second(
                url, threads=args.threads, connections=args.connections, seconds=seconds
            )
        return sequential_requests_per_second(url, seconds=seconds)

    # Alternate the two URLs and keep each one's best round, so a neighbour's burst of work on
    # a shared machine does not land on one side of the comparison only.
    page_runs: list[float] = []
    static_runs: list[float] = []
    for _ in range(rounds):
        for url, runs in ((page_url, page_runs), (static_url, static_runs)):
            figure = measure(url)
            if figure:
                runs.append(figure)
    page_rps = max(page_runs, default=None)
    static_rps = max(static_runs, default=None)
    print(f"rounds: {rounds}; page {_figures(page_runs)}; static {_figures(static_runs)}")
    print(f"public page: {page_rps:.0f} req/s" if page_rps else "public page: no figure")
    print(f"static same bytes: {static_rps:.0f} req/s" if static_rps else "static: no figure")
    if page_rps and static_rps:
        print(f"ratio: {page_rps / static_rps:.2f} (goal ≥ {GOAL:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
