"""The report form in a real browser: 添加一行指标 adds figure rows beyond the first ones and
every row is saved."""

from typing import Any

import pytest
from django.urls import reverse

from duban.conftest import STEP_TIMEOUT_MS, screenshot
from duban.reporting.models import ProgressReport

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def base_url(live_server: Any, transactional_db: None) -> str:
    from duban.demo.load import demo_load

    demo_load()
    return str(live_server.url)


def test_add_row_adds_figures_that_are_saved(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(STEP_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(base_url + reverse("accounts:login"))
    page.fill("input[name=username]", "fgw_liaison")
    page.fill("input[name=password]", "Duban-fgw-2021")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    report = (
        ProgressReport.objects.filter(
            period__state="open", department__name="市发展改革委", state="draft"
        )
        .order_by("task__position")
        .first()
    )
    assert report is not None
    page.goto(base_url + reverse("reporting:report_detail", args=[report.pk]))
    rows = page.locator("#figure-rows tr")
    before = rows.count()
    for _ in range(3):
        page.click("#figure-row-add")
    assert rows.count() == before + 3
    assert page.input_value("#id_fig-TOTAL_FORMS") == str(before + 3)
    last = before + 2
    page.fill(f"#id_fig-{last}-name", "新增指标")
    page.fill(f"#id_fig-{last}-value", "12")
    page.fill(f"#id_fig-{last}-month_to", "9")
    page.fill("#report-form textarea[name=progress]", "1.推进。")
    screenshot(page, "report-form-add-row.png")
    with page.expect_navigation():
        page.click("#report-form button[name=action][value=save]")
    assert report.figures.filter(name="新增指标", value=12).exists()
    assert errors == []
    context.close()
