"""The office's ledger pages: list (filters, paging, export), a task's story, who may see them."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from openpyxl import load_workbook

from duban.ledger.models import KeyTask
from duban.reporting.models import ProgressReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(office_client):
    return office_client


def test_task_list_shows_the_ledger_with_statuses(office, seed_period):
    page = office.get(reverse("reporting:task_list")).content.decode()
    assert "共 100 项" in page
    assert "第 1 / 2 页" in page
    assert '<span class="status status-green">按时推进</span>' in page


def test_task_list_filters_by_status_department_and_words(office, seed_period):
    url = reverse("reporting:task_list")
    assert "共 3 项" in office.get(url, {"status": "PARTLY_BEHIND"}).content.decode()
    assert "共 1 项" in office.get(url, {"status": "BEHIND"}).content.decode()
    commerce = KeyTask.objects.get(seq="8").responsibilities.get(position=0).department
    page = office.get(url, {"department": commerce.pk, "lead": "1"}).content.decode()
    lead_count = KeyTask.objects.filter(
        responsibilities__department=commerce, responsibilities__position=0
    ).count()
    assert f"共 {lead_count} 项" in page
    assert "共 1 项" in office.get(url, {"q": "深根计划"}).content.decode()


def test_task_list_exports_the_filtered_rows(office, seed_period):
    response = office.get(
        reverse("reporting:task_list"), {"status": "PARTLY_BEHIND", "export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[2]] == [
        "序号",
        "主要工作任务",
        "牵头单位",
        "配合单位",
        "进展情况",
        "报送情况",
        "状态",
    ]
    assert sheet.max_row == 2 + 3
    assert {sheet.cell(row=r, column=7).value for r in range(3, 6)} == {"部分滞后"}
    # The period's progress text and where its report stands travel with each row.
    for r in range(3, 6):
        seq = sheet.cell(row=r, column=1).value
        report = ProgressReport.objects.get(period=seed_period, task__seq=seq, task__parent=None)
        assert sheet.cell(row=r, column=5).value == report.progress
        assert sheet.cell(row=r, column=6).value == report.get_state_display()


def test_task_detail_tells_the_whole_story(office, seed_period):
    task = KeyTask.objects.get(seq="9")
    page = office.get(reverse("reporting:task_detail", args=[task.pk])).content.decode()
    assert "市交通运输局(原文:交通运输局)" in page
    assert "牵头" in page
    assert "钱江通道北接线于7月1日零时正式通车" in page
    assert "部分滞后" in page


def test_sub_row_links_to_its_parent(office, seed_period):
    sub = KeyTask.objects.get(parent__seq="11")
    page = office.get(reverse("reporting:task_detail", args=[sub.pk])).content.decode()
    assert "属于任务" in page


def test_empty_ledger_points_to_the_import(office):
    page = office.get(reverse("reporting:task_list")).content.decode()
    assert "还没有年度计划" in page


@pytest.mark.parametrize("name", ["reporting:task_list", "publishing_office:period_list"])
def test_internal_pages_need_the_office(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    client.force_login(get_user_model().objects.create_user("outsider", password="x"))
    assert client.get(url).status_code == 403


def test_unknown_task_is_404(office):
    assert office.get(reverse("reporting:task_detail", args=[999])).status_code == 404
