"""`make probes`: the figures of the hardening's closing note, measured on this machine.

- authorization probes (every URL × every role × GET/POST, and department users on other
  departments' reports, attachments and slips) / leaks;
- bad files (hostile and corrupt) / crashes / partial writes / peak memory;
- fuzz examples / crashes (the hypothesis fuzz tests at DUBAN_FUZZ_SCALE, default 10);
- concurrent saves on SQLite (a file database) and PostgreSQL / errors / lost updates.

Loopback only (PostgreSQL at 127.0.0.1), each part bounded in time, five minutes in all at
most. Figures are printed, never asserted; the exit status is 0.
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
PG = os.environ.get("DUBAN_PROBE_PG", "postgres://postgres@127.0.0.1:5432/duban_probes")
FUZZ_SCALE = os.environ.get("DUBAN_FUZZ_SCALE", "10")
FUZZ_TESTS = ["duban/assessment/tests/test_fuzz.py", "duban/imports/tests/test_fuzz_readers.py"]


def run(command: list[str], *, env: dict[str, str] | None = None, timeout: int) -> str:
    # Each part chooses its own settings and database (`make bench` exports production ones).
    inherited = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    try:
        done = subprocess.run(
            command,
            cwd=ROOT,
            env={**inherited, **(env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return f"TIMEOUT after {timeout} s"
    return done.stdout + done.stderr


def security_probes() -> dict:
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "figures.json"
        log = run(
            [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x",
             "duban/core/tests/probe_security.py"],
            env={"DUBAN_PROBE_OUT": str(out)},
            timeout=150,
        )  # fmt: skip
        if not out.exists():
            return {"error": log[-2000:]}
        return json.loads(out.read_text())


def fuzz() -> dict:
    log = run(
        [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "--hypothesis-show-statistics", *FUZZ_TESTS],
        env={"DUBAN_FUZZ_SCALE": FUZZ_SCALE},
        timeout=120,
    )  # fmt: skip
    passing = sum(int(n) for n in re.findall(r"(\d+) passing", log))
    failing = sum(int(n) for n in re.findall(r"(\d+) failing", log))
    failed_tests = re.search(r"(\d+) failed", log)
    return {
        "scale": int(FUZZ_SCALE),
        "examples": passing + failing,
        "failing_examples": failing,
        "crashed_tests": int(failed_tests.group(1)) if failed_tests else 0,
        "timed_out": log.startswith("TIMEOUT"),
    }


def concurrency(database_url: str) -> dict:
    log = run(
        [PYTHON, "scripts/probe_concurrency.py", "--database-url", database_url],
        timeout=90,
    )
    last = log.strip().splitlines()[-1] if log.strip() else ""
    try:
        return json.loads(last)
    except json.JSONDecodeError:
        return {"error": log[-1000:]}


def main() -> int:
    started = time.monotonic()
    sqlite_file = ROOT / "var" / "probes" / "concurrency.sqlite3"
    figures = {
        "security": security_probes(),
        "fuzz": fuzz(),
        "concurrency_sqlite": concurrency(f"sqlite:///{sqlite_file}"),
        "concurrency_postgresql": concurrency(PG),
    }
    auth = figures["security"].get("authorization", {})
    bad = figures["security"].get("bad_files", {})
    fz = figures["fuzz"]
    print("== probes ==")
    print(
        f"authorization probes: {auth.get('url_role_method_probes', '?')} URL×role×method"
        f" + {auth.get('object_probes', '?')} object-level / leaks: {auth.get('leaks', '?')}"
    )
    for leak in auth.get("leak_list", []):
        print(f"  leak: {leak}")
    print(
        f"bad files: {bad.get('files', '?')} / crashes: {bad.get('crashes', '?')}"
        f" / partial writes: {bad.get('partial_writes', '?')}"
        f" / peak memory: {bad.get('peak_mb_max', '?')} MB (largest, reading one file)"
    )
    for row in bad.get("per_file", []):
        print(
            f"  {row['file']:28} {row['bytes'] / 1024:8.1f} KB  peak {row['peak_mb']:5.1f} MB"
            f"  {row['ms']:5d} ms  {row['outcome']}"
        )
    print(
        f"fuzz: {fz['examples']} examples (scale {fz['scale']}) / crashes:"
        f" {fz['failing_examples']} failing examples in {fz['crashed_tests']} tests"
        + (" / TIMED OUT" if fz["timed_out"] else "")
    )
    for key in ("concurrency_sqlite", "concurrency_postgresql"):
        c = figures[key]
        if "error" in c:
            print(f"{key}: error: {c['error'][-300:]}")
            continue
        print(
            f"concurrent saves on {c['database']}: {c['saves_attempted']} saves by"
            f" {c['threads']} threads / errors: {c['errors']} / lost updates:"
            f" {c['lost_updates']} / double submit: {c['double_submit']['submissions']}"
            f" submission(s)"
        )
        for kind, count in c["error_kinds"].items():
            print(f"  {count} × {kind}")
    print(f"({time.monotonic() - started:.0f} s)")
    if os.environ.get("DUBAN_PROBES_JSON"):
        Path(os.environ["DUBAN_PROBES_JSON"]).write_text(json.dumps(figures, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
