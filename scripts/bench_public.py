"""Requests/s of the public table page three ways, side by side in one run.

1. the page served dynamically (gunicorn on 127.0.0.1, the cached-page path);
2. the same bytes as a static file through whitenoise, from the same gunicorn;
3. the published file (static publishing, DUBAN_STATIC_PUBLISH_ROOT) through nginx with
   deploy/nginx/duban.conf (the per-address rate limits left out: from one address they
   would measure the limit), when `--published-dir` is given and nginx is installed.

Usage (against a gunicorn already serving the project on 127.0.0.1):

    python scripts/bench_public.py --url http://127.0.0.1:8765 --page /public/1/ \
        --static /static/bench/public-page.html --static-dir var/static/bench \
        --published-dir /tmp/published

It fetches the page once, writes its exact bytes to `--static-dir`, checks all three URLs
answer those same bytes, then measures them with wrk, alternating. It prints figures and
never fails on them: timing on a shared machine is noise-prone. Static files are found when
the server starts (whitenoise without autorefresh), so on a first run the static URL may
404: run with `--write-only` before starting the server, or restart it and run again.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

WRK = "/usr/bin/wrk"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
GOAL = 0.90  # the dynamic page against whitenoise's static file
NGINX_GOAL = 1.0  # the published file through nginx against whitenoise's static file
NGINX_PORT = 18090
PROD_SMOKE_NGINX_PORT = 18080
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
    parser.add_argument(
        "--published-dir", help="DUBAN_STATIC_PUBLISH_ROOT of the server: measure it via nginx"
    )
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

    urls = {"dynamic page": page_url, "whitenoise static": static_url}
    nginx = start_nginx(args, Path(args.published_dir)) if args.published_dir else None
    try:
        if nginx is not None:
            nginx_url = f"http://127.0.0.1:{NGINX_PORT}{args.page}"
            status, headers, nginx_body = fetch_with_headers(nginx_url)
            if status != 200 or nginx_body != body or "X-Request-ID" in headers:
                print(f"{nginx_url} did not answer the page's bytes from a file ({status})")
            else:
                urls["published file via nginx"] = nginx_url
        figures = measure_all(args, urls, seconds=seconds, rounds=rounds)
    finally:
        if nginx is not None:
            stop_nginx(nginx)
    width = max(len(name) for name in urls)
    for name in urls:
        figure = figures.get(name)
        print(f"{name.ljust(width)}  {f'{figure:.0f} req/s' if figure else 'no figure'}")
    static_rps = figures.get("whitenoise static")
    if static_rps:
        for name, goal in (("dynamic page", GOAL), ("published file via nginx", NGINX_GOAL)):
            if figures.get(name):
                print(
                    f"{name} / whitenoise static: {figures[name] / static_rps:.2f} (goal ≥ {goal})"
                )
    return 0


def fetch_with_headers(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()
    except urllib.error.URLError:
        return 0, {}, b""


def measure_all(
    args: argparse.Namespace, urls: dict[str, str], *, seconds: int, rounds: int
) -> dict[str, float]:
    """Each URL's best round; the URLs alternate, so a neighbour's burst of work on a shared
    machine does not land on one side of the comparison only."""
    use_wrk = Path(WRK).exists()
    if use_wrk:
        print(f"wrk -t{args.threads} -c{args.connections} -d{seconds}s, {rounds} rounds")
    else:
        print(f"{WRK} not found: rough sequential figures instead (apt-get install wrk)")
    runs: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(rounds):
        for name, url in urls.items():
            figure = (
                wrk_requests_per_second(
                    url, threads=args.threads, connections=args.connections, seconds=seconds
                )
                if use_wrk
                else sequential_requests_per_second(url, seconds=seconds)
            )
            if figure:
                runs[name].append(figure)
    for name, figures in runs.items():
        print(f"  {name}: {_figures(figures)}")
    return {name: max(figures) for name, figures in runs.items() if figures}


def start_nginx(args: argparse.Namespace, published: Path) -> Any:
    """nginx with the project's site file in front of the server at --url, or None."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        print("nginx not installed (make nginx-deps): no published-file figure")
        return None
    from prod_smoke import Topology

    top = Topology()
    top.published = published.resolve()
    port = urlsplit(args.url).port or 80
    conf = top.nginx_conf((port,), rate_limits=False)
    site = top.root / "duban-site.conf"
    site.write_text(site.read_text().replace(f":{PROD_SMOKE_NGINX_PORT};", f":{NGINX_PORT};"))
    conf.write_text(conf.read_text().replace("worker_processes 1;", "worker_processes 2;"))
    process = subprocess.Popen(
        [nginx, "-p", str(top.root), "-c", str(conf)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if fetch_with_headers(f"http://127.0.0.1:{NGINX_PORT}/static/")[0]:
            break
        time.sleep(0.2)
    return top, process


def stop_nginx(started: Any) -> None:
    top, process = started
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=15)
    shutil.rmtree(top.root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
