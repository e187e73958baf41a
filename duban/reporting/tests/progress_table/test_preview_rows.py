"""The preview shows the rows as read, with problems where they are, what each row would do,
and lets the office decide conflicting rows; a file titled for another year is warned about."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duban.core.audit import SYSTEM
from duban.imports.models import ImportBatch, ImportStatus
from duban.ledger.models import KeyTask
from duban.reporting.progress_table.driver import progress_table_load
from duban.reporting.progress_table.matching import MOVED_ASIDE_SEQ
from duban.reporting.progress_table.title_check import TITLE_OTHER_YEAR
from duban.reporting.progress_table.upload import CONFLICT_UNDECIDED

pytestmark = pytest.mark.django_db
HEADER = "序号,工作任务,牵头单位,进展情况\r\n"
FIRST = HEADER + "1,建设学校。,市教育局,已开工。\r\n2,修建道路。,市交通运输局,已完工。\r\n"
OTHER = (
    "2021年测试市重点工作1-9月进展情况\r\n"
    + HEADER
    + "1,推进城市更新和老旧小区改造。,市教育局,已开工。\r\n2,修建道路。,市交通运输局,已完工。\r\n"
    + "3,新建公园。,市交通运输局,已完工。\r\n"
)
FORM = {"government": "测试市", "year": "2022", "period": "1-9月", "as_of": "2022-09-30"}


def _upload(client, text):
    form = {**FORM, "profile": "jiaxing", "file": SimpleUploadedFile("t.csv", text.encode())}
    return client.post(reverse("imports:batch_list"), form)


def test_rows_as_read_with_problems_at_their_column(
    office_client, django_capture_on_commit_callbacks
):
    bad = HEADER + "1,建设学校。,市教育局,已开工。\r\nx,修建道路。,,已完工。\r\n"
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(office_client, bad)
    table = ImportBatch.objects.get().summary["table"]
    assert (table["count"], table["with_problems"]) == (2, 1)
    assert table["columns"] == ["序号", "主要工作任务", "牵头部门", "进展情况"]
    second = table["rows"][1]
    assert second["cells"][0]["problems"] == ["第3行(序号x):序号「x」不是数字。"]
    page = office_client.get(response.url).content.decode()
    assert "共 2 行,其中 1 行有问题" in page
    assert 'class="problem-cell"' in page


def test_a_conflicting_reimport_is_shown_and_decided(
    office_client, django_capture_on_commit_callbacks
):
    progress_table_load(
        name="t.csv",
        data=FIRST.encode(),
        government="测试市",
        year=2022,
        period="1-9月",
        as_of=datetime.date(2022, 9, 30),
        create_departments=True,
        actor=SYSTEM,
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(office_client, OTHER)
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.PREVIEW, batch.error
    marks = [row["mark"] for row in batch.summary["table"]["rows"]]
    assert marks == ["conflict", "updated", "new"]
    page = office_client.get(response.url).content.decode()
    assert "序号相同、内容不同的行" in page
    assert TITLE_OTHER_YEAR.format(found="2021", year=2022) in page
    refused = office_client.post(response.url, {}, follow=True).content.decode()
    assert CONFLICT_UNDECIDED.format(where="第3行(序号1)") in refused
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(response.url, {"conflict-0": "new"})
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED, batch.problems
    assert KeyTask.objects.get(seq="1").text == "推进城市更新和老旧小区改造。"
    assert KeyTask.objects.get(seq=MOVED_ASIDE_SEQ.format(seq="1")).text == "建设学校。"
    assert KeyTask.objects.count() == 4
