"""The deadline burst: many liaisons sign in, save and submit their reports at the same moment.

Usage (against a gunicorn already serving the project on 127.0.0.1, with this process
pointed at the same database):

    DJANGO_SETTINGS_MODULE=config.settings.prod DATABASE_URL=postgres://… SECRET_KEY=… \
        python scripts/bench_deadline.py --url http://127.0.0.1:8766 --users 200 --seconds 60

Set-up (not timed, through the ORM): `--users` liaisons `bench_liaison_NNN`, each in the
lead department of one draft report of an open period of the seed plan, every one a report
of its own; more periods are opened when the open ones have too few drafts (100 tasks each).

The burst (timed): every client starts at once and, through the JSON API, gets a token,
lists its department's reports, reads its own, saves `--saves` times (each save carries the
version the previous one returned) and submits. Every request's status and latency is kept.
Afterwards the database must hold, for every report, the text its client last saved with
success and the state 待部门审核; a difference is a lost update.

Prints requests, requests/s, p50/p95/p99 latency (overall and per step), errors (non-2xx,
timeouts, requests the window left unsent) and lost updates; exits 1 unless both are 0.
"""

import argparse
import datetime
import http.client
import json
import math
import os
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
USERNAME = "bench_liaison_{:03d}"
# Every bench account has the same password, so set-up hashes it once (the production hasher
# costs a fifth of a second per hash) and stores that one encoded hash for all of them.
PASSWORD = "Bench-deadline-2021"  # noqa: S105 - a throw-away account on a benchmark database
DEMO_PERIOD = "1-9月"
EXTRA_PERIOD_LABEL = "压测{}"
MAX_USERS = 500
MAX_SECONDS = 300
MAX_SAVES = 10
MAX_PERIODS_OPENED = 20
STEPS = ("token", "list", "get", "save", "submit")
TRIVIAL = "trivial"  # the step name of the trivial signed-in page sampled during the burst
TRIVIAL_PATH = "/api/v1/periods/"
TRIVIAL_CLIENTS = 4
UNSENT = 0  # the status recorded for a request the window closed before it was sent
TIMED_OUT = -1  # ... and for one that failed or got no answer in time


@dataclass(frozen=True)
class Assignment:
    """One client's account and the report it works on."""

    username: str
    report_id: int
    period_id: int
    # Made before the clock starts (--signed-in): the client then skips the token step.
    token: str = ""


@dataclass
class Sample:
    step: str
    status: int
    millis: float


@dataclass
class ClientResult:
    """What one client did: its requests, and the text its last successful save stored."""

    assignment: Assignment
    samples: list[Sample] = field(default_factory=list)
    last_saved: str | None = None
    saves_ok: int = 0
    # A save that got no answer may still have been committed: either text is then correct.
    unanswered_save: str | None = None
    initial_version: int | None = None
    note: str = ""


# --- set-up (Django ORM, same database as the server) -----------------------------------------


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    import django

    django.setup()


def _seed_plan() -> Any:
    from duban.reporting.models import ReportingPeriod

    period = (
        ReportingPeriod.objects.select_related("plan").filter(label=DEMO_PERIOD).order_by("pk")
    ).first()
    if period is None:
        raise SystemExit(f"no period {DEMO_PERIOD}: run `manage.py load_demo` on this database")
    return period.plan


def _assign(plan: Any, users: int, existing: dict[str, int]) -> tuple[list[Any], int]:
    """Reports for users 0…users-1 (None where none fits yet) and how many are unmatched.

    An existing account keeps its department, so it takes a draft of that department; a new
    one takes the next unassigned draft and will be created in that draft's department.
    """
    from duban.reporting.choices import PeriodState, ReportState
    from duban.reporting.models import ProgressReport

    drafts = list(
        ProgressReport.objects.filter(
            period__plan=plan, period__state=PeriodState.OPEN, state=ReportState.DRAFT
        ).order_by("period__as_of", "period_id", "task__position")
    )
    taken: set[int] = set()
    chosen: list[Any] = [None] * users
    # Existing accounts first: they can use only their own department's drafts.
    for index in range(users):
        department_id = existing.get(USERNAME.format(index))
        if department_id is None:
            continue
        report = next(
            (r for r in drafts if r.department_id == department_id and r.pk not in taken), None
        )
        if report is not None:
            taken.add(report.pk)
            chosen[index] = report
    free = (r for r in drafts if r.pk not in taken)
    for index in range(users):
        if chosen[index] is None and USERNAME.format(index) not in existing:
            report = next(free, None)
            if report is not None:
                taken.add(report.pk)
                chosen[index] = report
    return chosen, sum(1 for report in chosen if report is None)


def prepare(users: int) -> list[Assignment]:
    """Accounts and one distinct draft report each, opening periods until there are enough."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone

    from duban.accounts.models import Role
    from duban.core.audit import SYSTEM
    from duban.reporting.models import ReportingPeriod
    from duban.reporting.services.periods import period_open

    user_model = get_user_model()
    plan = _seed_plan()
    names = [USERNAME.format(i) for i in range(users)]
    existing = dict(
        user_model.objects.filter(username__in=names).values_list("username", "department_id")
    )
    chosen, missing = _assign(plan, users, existing)
    opened = 0
    while missing:
        if opened >= MAX_PERIODS_OPENED:
            raise SystemExit(f"{missing} accounts still have no draft report of their department")
        number = ReportingPeriod.objects.filter(plan=plan).count() + 1
        labels = set(ReportingPeriod.objects.filter(plan=plan).values_list("label", flat=True))
        while EXTRA_PERIOD_LABEL.format(number) in labels:
            number += 1
        period_open(
            plan=plan,
            label=EXTRA_PERIOD_LABEL.format(number),
            as_of=datetime.date(plan.year, 12, 31),
            due_date=timezone.localdate() + datetime.timedelta(days=7),
            actor=SYSTEM,
        )
        opened += 1
        chosen, missing = _assign(plan, users, existing)

    encoded = make_password(PASSWORD)
    with transaction.atomic():
        user_model.objects.bulk_create(
            [
                user_model(
                    username=name,
                    role=Role.LIAISON,
                    department_id=report.department_id,
                    first_name=f"压测联络员{index:03d}",
                    password=encoded,
                )
                for index, (name, report) in enumerate(zip(names, chosen, strict=True))
                if name not in existing
            ]
        )
        # Reset every account so an earlier run's password or lock-out cannot fail a request.
        user_model.objects.filter(username__in=names).update(password=encoded, is_active=True)
    print(
        f"set-up: {users} accounts ({users - len(existing)} new), "
        f"{len({r.period_id for r in chosen})} open period(s) used, {opened} opened now, "
        f"{len({r.department_id for r in chosen})} departments"
    )
    return [
        Assignment(username=name, report_id=report.pk, period_id=report.period_id)
        for name, report in zip(names, chosen, strict=True)
    ]


# --- the burst (stdlib HTTP, one thread per client) -------------------------------------------


class Client:
    """One liaison's session against the server, within a shared deadline."""

    def __init__(self, host: str, port: int, deadline: float, result: ClientResult) -> None:
        self.host = host
        self.port = port
        self.deadline = deadline
        self.result = result
        self.token = result.assignment.token

    def call(self, step: str, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        """One request: its status and JSON body are returned and its latency recorded."""
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self.result.samples.append(Sample(step, UNSENT, 0.0))
            return UNSENT, None
        headers = {"Accept": "application/json"}
        payload = None
        if body is not None:
            payload = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json; charset=utf-8"
        if self.token:
            headers["Authorization"] = f"Token {self.token}"
        # A connection per request: gunicorn's sync workers close the socket after each one.
        connection = http.client.HTTPConnection(self.host, self.port, timeout=remaining)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            raw = response.read()
            status = response.status
        except OSError as error:  # refused, reset, or no answer before the window closed
            self.result.note = f"{step}: {error.__class__.__name__}"
            self.result.samples.append(Sample(step, TIMED_OUT, _ms(started)))
            return TIMED_OUT, None
        finally:
            connection.close()
        self.result.samples.append(Sample(step, status, _ms(started)))
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = None
        if not 200 <= status < 300:
            detail = (
                data.get("detail", "")
                if isinstance(data, dict)
                else raw[:200].decode(errors="replace").split("<title>")[-1][:60]
            )
            self.result.note = f"{step}: HTTP {status} {detail}"
        return status, data

    def run(self, saves: int, run_id: str) -> None:
        """Sign in, find and read the report, save it `saves` times, submit."""
        assignment = self.result.assignment
        if not self.token:
            status, data = self.call(
                "token",
                "POST",
                "/api/v1/auth/token/",
                {"username": assignment.username, "password": PASSWORD},
            )
            if status != 200:
                return
            self.token = data["token"]
        status, data = self.call(
            "list", "GET", f"/api/v1/reports/?period={assignment.period_id}&mine=1"
        )
        if status != 200:
            return
        if assignment.report_id not in {row["id"] for row in data}:
            self.result.note = "list: own report missing"
        path = f"/api/v1/reports/{assignment.report_id}/"
        status, data = self.call("get", "GET", path)
        if status != 200:
            return
        version = data["version"]
        self.result.initial_version = version
        for number in range(1, saves + 1):
            text = (
                f"1.{assignment.username}第{number}次保存:完成投资{number * 10}亿元。"
                f"\n2.压测批次{run_id}。"
            )
            status, data = self.call("save", "PATCH", path, {"version": version, "progress": text})
            if status == TIMED_OUT:
                self.result.unanswered_save = text
            if status != 200:
                return
            if data["progress"] != text:
                self.result.note = "save: the answer carries other text"
            version = data["version"]
            self.result.last_saved = text
            self.result.saves_ok += 1
        self.call("submit", "POST", f"{path}submit/")


def _ms(started: float) -> float:
    return (time.perf_counter() - started) * 1000


def burst(
    assignments: list[Assignment],
    *,
    host: str,
    port: int,
    seconds: int,
    saves: int,
    trivial: list[ClientResult] | None = None,
) -> tuple[list[ClientResult], float]:
    """Every client in its own thread, released together; returns results and elapsed s.

    `trivial` clients (signed in as the first account) read the trivial page in a loop
    while the burst lasts: its latency under the same load is the yardstick for the steps.
    """
    run_id = uuid.uuid4().hex[:8]
    results = [ClientResult(assignment) for assignment in assignments]
    go = threading.Event()
    done = threading.Event()
    window: dict[str, float] = {}

    def work(result: ClientResult) -> None:
        go.wait()
        Client(host, port, window["deadline"], result).run(saves, run_id)

    def sample_trivial(result: ClientResult) -> None:
        go.wait()
        client = Client(host, port, window["deadline"], result)
        while not done.is_set() and time.monotonic() < window["deadline"]:
            client.call(TRIVIAL, "GET", TRIVIAL_PATH)

    threads = [threading.Thread(target=work, args=(r,), daemon=True) for r in results]
    samplers = [
        threading.Thread(target=sample_trivial, args=(r,), daemon=True) for r in trivial or []
    ]
    for thread in threads + samplers:
        thread.start()
    started = time.monotonic()
    window["deadline"] = started + seconds
    go.set()
    for thread in threads:
        # Sockets time out at the deadline; the margin only covers reading the last answers.
        thread.join(timeout=max(0.0, window["deadline"] + 5 - time.monotonic()))
    elapsed = time.monotonic() - started
    done.set()
    for thread in samplers:
        thread.join(timeout=10)
    return results, elapsed


def tokens_before_the_clock(assignments: list[Assignment]) -> list[Assignment]:
    """The same assignments, each with an API token made now through the ORM (not timed)."""
    from dataclasses import replace

    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    users = get_user_model().objects.filter(username__in=[a.username for a in assignments])
    tokens = {user.username: Token.objects.get_or_create(user=user)[0].key for user in users}
    return [replace(a, token=tokens[a.username]) for a in assignments]


# --- figures and the check ---------------------------------------------------------------------


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an ascending list (0.0 for an empty one)."""
    if not sorted_values:
        return 0.0
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def _latency_line(label: str, samples: list[Sample]) -> str:
    # Answered requests only: an unanswered one's "latency" is just the time left in the window.
    values = sorted(s.millis for s in samples if s.status > 0)
    return (
        f"  {label:<7}{len(values):>6}  p50 {percentile(values, 0.50):8.1f}  "
        f"p95 {percentile(values, 0.95):8.1f}  p99 {percentile(values, 0.99):8.1f}  "
        f"max {max(values, default=0.0):8.1f} ms"
    )


def verify(results: list[ClientResult]) -> tuple[int, int, list[str]]:
    """(lost updates, reports not 待部门审核, examples) from what the database holds now."""
    from django.db import connections

    from duban.reporting.choices import ReportState
    from duban.reporting.models import ProgressReport

    connections.close_all()  # the set-up connection may have been idle through the burst
    stored = {
        pk: (progress, state, version)
        for pk, progress, state, version in ProgressReport.objects.filter(
            pk__in=[r.assignment.report_id for r in results]
        ).values_list("pk", "progress", "state", "version")
    }
    lost = wrong_state = 0
    examples: list[str] = []
    for result in results:
        progress, state, version = stored[result.assignment.report_id]
        confirmed = (result.last_saved, (result.initial_version or 0) + result.saves_ok)
        allowed = {confirmed}
        if result.unanswered_save is not None:
            allowed.add((result.unanswered_save, confirmed[1] + 1))
        if result.last_saved is not None and (progress, version) not in allowed:
            lost += 1
            examples.append(
                f"report {result.assignment.report_id}: version {version} (expected "
                f"{confirmed[1]}), text {progress[:40]!r}"
            )
        if state != ReportState.PENDING_HEAD:
            wrong_state += 1
    return lost, wrong_state, examples[:5]


def report(
    results: list[ClientResult],
    elapsed: float,
    seconds: int,
    trivial: list[ClientResult] | None = None,
) -> tuple[int, int]:
    """Print the figures; returns (errors, lost updates + reports left in another state)."""
    samples = [s for r in results for s in r.samples]
    sent = [s for s in samples if s.status != UNSENT]
    errors = [s for s in samples if not 200 <= s.status < 300]
    statuses = Counter(
        "unsent" if s.status == UNSENT else "no answer" if s.status == TIMED_OUT else s.status
        for s in errors
    )
    lost, wrong_state, examples = verify(results)
    finished = sum(
        1
        for r in results
        if r.samples and r.samples[-1].step == "submit" and 200 <= r.samples[-1].status < 300
    )
    print(f"clients: {len(results)}, finished all steps: {finished}")
    print(f"requests: {len(sent)} in {elapsed:.1f} s (window {seconds} s)")
    print(f"requests/s: {len(sent) / elapsed:.1f}" if elapsed else "requests/s: n/a")
    print("latency of answered requests (ms):")
    print(_latency_line("all", sent))
    for step in STEPS:
        print(_latency_line(step, [s for s in sent if s.step == step]))
    trivial_samples = [s for r in trivial or [] for s in r.samples if s.status > 0]
    if trivial_samples:
        print(_latency_line(TRIVIAL, trivial_samples) + f"  ({TRIVIAL_PATH}, same run)")
        yardstick = percentile(sorted(s.millis for s in trivial_samples), 0.95)
        ratios = []
        for step in STEPS:
            values = sorted(s.millis for s in sent if s.step == step and s.status > 0)
            if values and yardstick:
                ratios.append(f"{step} {percentile(values, 0.95) / yardstick:.1f}×")
        print(f"p95 per step / p95 of the trivial page (goal ≤ 5×): {', '.join(ratios)}")
        trivial_errors = sum(
            1 for r in trivial or [] for s in r.samples if not 200 <= s.status < 300
        )
        if trivial_errors:
            print(f"trivial page errors: {trivial_errors}")
    print(f"errors (non-2xx): {len(errors)}" + (f" {dict(statuses)}" if errors else ""))
    for note in sorted({r.note for r in results if r.note})[:5]:
        print(f"  e.g. {note}")
    print(f"lost updates: {lost}")
    for example in examples:
        print(f"  {example}")
    print(f"reports not 待部门审核 afterwards: {wrong_state}")
    return len(errors), lost + wrong_state


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", required=True, help="base URL, e.g. http://127.0.0.1:8766")
    parser.add_argument("--users", type=int, default=200, help=f"clients (max {MAX_USERS})")
    parser.add_argument("--seconds", type=int, default=60, help=f"window (max {MAX_SECONDS})")
    parser.add_argument("--saves", type=int, default=3, help=f"saves per client (max {MAX_SAVES})")
    parser.add_argument(
        "--signed-in",
        action="store_true",
        help="tokens made before the clock starts; the trivial page is sampled beside the steps",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    parts = urlsplit(args.url)
    if parts.scheme != "http" or parts.hostname not in LOCAL_HOSTS:
        print("refusing: the benchmark only runs against http://127.0.0.1")
        return 2
    if not (1 <= args.users <= MAX_USERS and 1 <= args.seconds <= MAX_SECONDS):
        print(f"refusing: --users 1…{MAX_USERS}, --seconds 1…{MAX_SECONDS}")
        return 2
    saves = max(1, min(args.saves, MAX_SAVES))
    django_setup()
    from django.db import connections

    assignments = prepare(args.users)
    trivial: list[ClientResult] = []
    if args.signed_in:
        assignments = tokens_before_the_clock(assignments)
        trivial = [ClientResult(assignments[0]) for _ in range(TRIVIAL_CLIENTS)]
    connections.close_all()  # hold no connection (or lock) open through the timed part
    first = "" if args.signed_in else "token, "
    print(f"burst: {args.users} clients × ({first}list, get, {saves} saves, submit)")
    results, elapsed = burst(
        assignments,
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 80,
        seconds=args.seconds,
        saves=saves,
        trivial=trivial,
    )
    errors, lost = report(results, elapsed, args.seconds, trivial)
    return 1 if errors or lost else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
