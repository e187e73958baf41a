"""The mapping step in a real browser: an unknown layout is mapped by hand and saved, the next
file of that layout imports with no questions asked, and a conflicting re-import is shown and
resolved. Screenshots of the mapping page at 1366 px and 375 px go to test-artifacts/."""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from duban.conftest import STEP_TIMEOUT_MS, screenshot
from duban.ledger.models import KeyTask
from duban.reporting.models import StatusDecision, TableLayout
from duban.reporting.progress_table.matching import MOVED_ASIDE_SEQ

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# No header row at all: the first row is data (as on 平阳's page).
FIRST = (
    "1,建设测试学校。,市发展改革委,已开工。,顺利推进\r\n"
    "2,修建测试道路。,市商务局,已完工。,按时推进\r\n"
)
SECOND = (
    "1,建设测试学校。,市发展改革委,主体完工。,按时推进\r\n"
    "2,修建测试道路。,市商务局,已通车。,按时推进\r\n"
)
CONFLICTING = (
    "1,推进城市更新和老旧小区改造。,市发展改革委,已开工。,按时推进\r\n"
    "2,修建测试道路。,市商务局,已通车。,按时推进\r\n"
)
FIELDS = ["seq", "task", "departments", "progress", "status"]


@pytest.fixture
def demo(transactional_db: None) -> None:
    from duban.demo.load import demo_load

    demo_load()


@pytest.fixture
def office(browser: Any, live_server: Any, demo: None) -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    page.base = str(live_server.url)
    page.goto(page.base + reverse("accounts:login"))
    page.fill("input[name=username]", "office_admin")
    page.fill("input[name=password]", "Duban-admin-2021")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    return page


def _upload(page: Any, tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    page.goto(page.base + reverse("imports:batch_list"))
    # The office's own government, fixed (decision 0030).
    assert page.input_value("input[name=government]") == "嘉兴市"
    assert page.is_disabled("input[name=government]")
    page.fill("input[name=year]", "2030")
    page.fill("input[name=period]", "上半年")
    page.fill("input[name=as_of]", "2030-06-30")
    page.set_input_files("input[name=file]", str(path))
    with page.expect_navigation():
        page.click("form button.primary")


def _status(page: Any) -> str:
    return page.inner_text("#batch-status").strip()


def test_map_save_reuse_and_resolve_a_conflict(office: Any, browser: Any, tmp_path: Path) -> None:
    page = office
    _upload(page, tmp_path, "first.csv", FIRST)
    assert _status(page) == "待对应列"
    assert page.locator(".column-card").count() == 5
    assert "第1列(无表头)" in page.inner_text("#mapping")
    screenshot(page, "mapping-1366.png")
    # The same page on a phone: the columns stack, each select within the screen.
    phone = browser.new_context(
        viewport={"width": 375, "height": 800}, storage_state=page.context.storage_state()
    ).new_page()
    phone.goto(page.url)
    screenshot(phone, "mapping-375.png")
    widths = phone.eval_on_selector_all(
        ".column-card select", "els => els.map(e => e.getBoundingClientRect().right)"
    )
    assert max(widths) <= 375
    phone.context.close()

    for index, field in enumerate(FIELDS):
        page.select_option(f"select[name=column-{index}]", field)
    page.check("input[name=save_layout]")
    page.fill("input[name=layout_name]", "测试进展表")
    with page.expect_navigation():
        page.click("#mapping button[type=submit]")
    assert _status(page) == "待确认"
    assert "共 2 行,其中 0 行有问题" in page.inner_text("#rows")
    # 顺利推进 is not the plan's word: confirmed, defaulted to 按时推进.
    assert page.input_value("select[name=status-word-0]") == "ON_TRACK"
    screenshot(page, "mapping-preview.png")
    with page.expect_navigation():
        page.click("button:has-text('确认导入')")
    assert _status(page) == "已导入"
    assert TableLayout.objects.get().mapping == FIELDS
    assert (
        StatusDecision.objects.get(task__seq="1", task__plan__year=2030).printed_label == "顺利推进"
    )

    # The next file of that layout: read by the saved layout, nothing to decide.
    _upload(page, tmp_path, "second.csv", SECOND)
    assert _status(page) == "待确认"
    assert "已按表格版式「测试进展表」读取" in page.content()
    assert page.locator("select").count() == 0
    with page.expect_navigation():
        page.click("button:has-text('确认导入')")
    assert _status(page) == "已导入"

    # A re-import whose 序号 1 names another task: shown, and imported as a new task.
    _upload(page, tmp_path, "third.csv", CONFLICTING)
    assert _status(page) == "待确认"
    assert "序号相同、内容不同的行" in page.content()
    assert page.locator("tr.row-conflict").count() == 1
    screenshot(page, "mapping-conflict.png")
    page.select_option("select[name=conflict-0]", "new")
    with page.expect_navigation():
        page.click("button:has-text('确认导入')")
    assert _status(page) == "已导入"
    tasks = KeyTask.objects.filter(plan__year=2030)
    assert tasks.get(seq="1").text == "推进城市更新和老旧小区改造。"
    assert tasks.get(seq=MOVED_ASIDE_SEQ.format(seq="1")).text == "建设测试学校。"
