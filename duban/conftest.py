"""Fixtures shared by every app's tests."""

import datetime
import os
import weakref
from pathlib import Path
from typing import Any

import pytest

from duban.core.audit import SYSTEM
from duban.core.status import get_profile
from duban.demo.seed import SEED_FILE

SEED_PATH = SEED_FILE
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
SEED_PUBLISHED_AT = datetime.datetime(2021, 9, 8, 17, 17, tzinfo=SHANGHAI)


def fuzz_examples(budget: int) -> int:
    """A fuzz test's example budget: fixed in CI, times `DUBAN_FUZZ_SCALE` for a longer hunt
    (`make probes` runs the fuzz tests with a bigger scale)."""
    return budget * max(1, int(os.environ.get("DUBAN_FUZZ_SCALE", "1")))


@pytest.fixture(scope="session")
def seed_bytes() -> bytes:
    """The Jiaxing 2021 H1 page's text rendering, exactly as published."""
    return SEED_PATH.read_bytes()


def seed_import(data: bytes):
    """Import the seed into the database as the office would: 嘉兴市 2021 上半年.

    The one place the suite calls the progress-table pipeline for the seed.
    """
    from duban.reporting.progress_table.apply import progress_table_apply
    from duban.reporting.progress_table.preview import progress_table_preview

    preview = progress_table_preview(
        name=SEED_PATH.name,
        data=data,
        government_name="嘉兴市",
        profile=get_profile("jiaxing"),
    )
    result = progress_table_apply(
        preview=preview,
        government_name="嘉兴市",
        year=2021,
        period_label="上半年",
        as_of=datetime.date(2021, 6, 30),
        actor=SYSTEM,
    )
    return result.period


@pytest.fixture(scope="session")
def seed_rows(django_db_setup, django_db_blocker, seed_bytes):
    """The rows the seed import writes, captured once per session (per xdist worker)."""
    from duban.core.tests.snapshot import RowSnapshot

    with django_db_blocker.unblock():
        return RowSnapshot.capture(lambda: seed_import(seed_bytes))


@pytest.fixture
def seed_period(db, seed_rows, seed_bytes):
    """The seed imported into an empty database: 嘉兴市 2021 上半年.

    Replays the session's captured rows (milliseconds) instead of importing again (seconds);
    see docs/decisions/0015-one-seeded-database-per-test-session.md.
    """
    return seed_rows.restore() or seed_import(seed_bytes)


@pytest.fixture
def seed_publication(seed_period):
    """The seed period published with the page's own date and source."""
    from duban.publishing.services import publication_create

    return publication_create(
        period=seed_period,
        published_at=SEED_PUBLISHED_AT,
        source="市政府办公室",
        actor=SYSTEM,
    )


@pytest.fixture
def make_user(db):
    """make_user(role, department_name=None, government=None) → a saved user with that role.

    `department` names the unit (within `government` when given); `government` alone makes
    an office, leader or administrator account of that government."""
    from django.contrib.auth import get_user_model

    from duban.orgs.models import Department
    from duban.orgs.selectors import government_get

    counter = {"n": 0}

    def make(
        role: str,
        department: str | None = None,
        username: str | None = None,
        government: str | None = None,
    ):
        counter["n"] += 1
        root = government_get(name=government) if government else None
        units = Department.objects.filter(government=root) if root else Department.objects
        unit = units.get(name=department) if department else None
        return get_user_model().objects.create_user(
            username or f"{role}{counter['n']}",
            password="x",
            role=role,
            department=unit,
            government=root if unit is None else None,
        )

    return make


@pytest.fixture
def open_period(seed_period, make_user):
    """The seed plan's 1-9月 period, opened for reporting: as of 2021-09-30, due 2021-10-10."""
    from duban.reporting.services.periods import period_open

    return period_open(
        plan=seed_period.plan,
        label="1-9月",
        as_of=datetime.date(2021, 9, 30),
        due_date=datetime.date(2021, 10, 10),
        actor=make_user("office_admin"),
    )


@pytest.fixture
def office_client(client, make_user):
    """A test client signed in as the supervision office's admin."""
    client.force_login(make_user("office_admin", username="office"))
    return client


# Browser tests: Debian's chromium driven by Playwright (never Playwright's own download).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    # Without these, chromium keeps dialling Google's hosts, which this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
# Playwright's default of 30 s per step would hide a hang for most of a test's budget.
STEP_TIMEOUT_MS = 10_000
# A full-page picture of a long page (状态研判's hundred rows at phone width) takes longer.
SCREENSHOT_TIMEOUT_MS = 60_000


@pytest.fixture(autouse=True)
def _allow_orm_beside_playwright(request, monkeypatch):
    # Playwright's sync API runs an event loop in the test's thread; Django then refuses ORM
    # calls from it (the transactional teardown flushes the database) unless told it is safe.
    # Only for browser tests, so the rest of the suite keeps Django's check.
    if request.node.get_closest_marker("browser"):
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class WatchedBrowser:
    """The launched chromium, with every context it opens listening for console errors.

    `page_check` reads what a page's context heard; the listener has to be there before the
    first navigation, so it is attached where contexts are made rather than in the check.
    """

    def __init__(self, launched):
        self._launched = launched

    def __getattr__(self, name):
        return getattr(self._launched, name)

    def new_context(self, **options):
        # The office's browsers are Chinese: the file picker's own words follow the locale.
        context = self._launched.new_context(**{"locale": "zh-CN", **options})
        heard: list[str] = []
        _CONSOLE_ERRORS[context] = heard
        context.on(
            "console",
            lambda message: (
                heard.append(f"{message.text} ({message.location.get('url', '')})")
                if message.type == "error"
                else None
            ),
        )
        context.on("weberror", lambda error: heard.append(str(error.error)))
        return context

    def new_page(self, **options):
        return self.new_context(**options).new_page()


_CONSOLE_ERRORS: "weakref.WeakKeyDictionary[Any, list[str]]" = weakref.WeakKeyDictionary()


@pytest.fixture
def browser():
    """A headless Debian chromium; a missing browser fails the test (CI installs it)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield WatchedBrowser(launched)
        launched.close()


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    """Keep a screenshot in test-artifacts/ (CI keeps the folder)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page, timeout=SCREENSHOT_TIMEOUT_MS)


# Latin words a Chinese page may show outside data: names of formats, units and brands.
LATIN_ALLOWED = frozenset(
    {
        "PDF", "Excel", "Word", "API", "CSV", "JSON", "HTML", "XLSX", "xlsx", "csv", "docx",
        "txt", "json", "html", "pdf", "MB", "KB", "GB", "km", "kW", "ID", "URL", "ECharts",
        "PM", "GDP", "IP", "xls", "ods", "jpg", "png", "doc",
    }
)  # fmt: skip
# What counts as data, not interface: imported or typed text, code, and what a user entered.
# A page marks further data with `data-content` (e.g. a cell quoting the imported table).
DATA_SELECTORS = (
    "script, style, noscript, code, pre, kbd, samp, input, textarea, select, "
    "[data-content], .progress, .task-text, .report-text, .diff, .username, .file-name, "
    "td[data-label='工作任务'], td[data-label='进展情况'], td[data-label='目标任务'], "
    "td[data-label='操作人'], td[data-label='对象'], td[data-label='上传人'], td[data-label='文件']"
)
PAGE_CHECK_JS = """([dataSelectors]) => {
  const root = document.documentElement;
  const english = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(dataSelectors)) continue;
    if (!parent.getClientRects().length) continue;  // not shown
    for (const word of node.textContent.match(/[A-Za-z]{2,}/g) || []) {
      english.push(word);
    }
  }
  const wide = [...document.querySelectorAll("body *")]
    .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
    .filter((el) => !el.parentElement.closest("[style*=overflow], .table-wrap, .scroll"))
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  return {
    lang: root.lang, scrollWidth: root.scrollWidth, innerWidth: window.innerWidth,
    english, wide,
  };
}"""


def page_check(page, name: str, *, known_english: frozenset[str] = frozenset()) -> None:
    """Call after every navigation: screenshot, then what every page must hold.

    No sideways scrolling at the page's width, no console errors since the last check, and
    (on a zh-Hans page) no English words outside data and `LATIN_ALLOWED`. `known_english`
    names words a page is known to leak until it is mended, so the rest stays held.
    """
    page.wait_for_load_state("load")
    width = page.viewport_size["width"] if page.viewport_size else 0
    screenshot(page, f"{name}-{width}.png")
    found = page.evaluate(PAGE_CHECK_JS, [DATA_SELECTORS])
    heard = _CONSOLE_ERRORS.get(page.context, [])
    # A missing /favicon.ico is the error pages' concern, held by their own test.
    errors = [error for error in heard if "/favicon.ico" not in error]
    heard.clear()
    problems = []
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(
            f"scrolls sideways: {found['scrollWidth']} > {found['innerWidth']} px "
            f"(wide: {found['wide']})"
        )
    if errors:
        problems.append(f"console errors: {errors}")
    if found["lang"] == "zh-Hans":
        allowed = LATIN_ALLOWED | known_english
        english = sorted({word for word in found["english"] if word not in allowed})
        if english:
            problems.append(f"English on a Chinese page: {english}")
    assert not problems, f"{name} at {width} px ({page.url}): " + "; ".join(problems)
