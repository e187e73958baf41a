"""The mapping step: a table whose columns are not recognised is mapped by the office, and the
mapping, saved as the government's layout, reads the next file of that shape by itself."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from duban.core.audit import SYSTEM
from duban.core.exceptions import DomainError
from duban.core.models import AuditEvent
from duban.imports.models import ImportBatch, ImportStatus
from duban.imports.readers import ReadError
from duban.imports.readers.layout import (
    MAPPING_REPEATED,
    MAPPING_WIDTH,
    ColumnLayout,
    read_with_layout,
    source_sample,
)
from duban.ledger.models import KeyTask
from duban.orgs.models import Department, DepartmentKind
from duban.orgs.selectors import DepartmentDirectory
from duban.reporting.models import TableLayout
from duban.reporting.progress_table.columns import table_hints
from duban.reporting.progress_table.driver import progress_table_load
from duban.reporting.progress_table.layouts import LAYOUT_REQUIRED_MISSING, table_layout_save

GOVERNMENTS = Path(__file__).parent.parent / "fixtures" / "governments"
PINGYANG = "20-pingyang-2021-m07.html"
MEISHAN = "21-meishan-2017-m11.html"
HINTS = table_hints(DepartmentDirectory(government=None))
PINGYANG_FIELDS = ("seq", "task", "departments", "progress", "status")
# 工程名称 | 序号 | 项目内容 (two columns) | 目标任务 | 牵头责任单位 | 进度 | 完成目标(%) | 备注
MEISHAN_FIELDS = (
    "ignore",
    "seq",
    "task",
    "task",
    "target",
    "departments",
    "progress",
    "ignore",
    "status",
)


def test_a_table_without_header_row_is_read_by_position():
    data = (GOVERNMENTS / PINGYANG).read_bytes()
    sample = source_sample(PINGYANG, data, HINTS)
    assert sample.header_index is None
    columns = sample.columns(HINTS)
    assert [c["header"] for c in columns] == ["第1列", "第2列", "第3列", "第4列", "第5列"]
    assert columns[2]["cells"][:2] == ["县教育局", "县教育局"]
    table = read_with_layout(PINGYANG, data, ColumnLayout(PINGYANG_FIELDS), HINTS)
    # The first row is data: six tasks, 序号 1 to 6.
    assert [row.cells["seq"] for row in table.rows] == ["1", "2", "3", "4", "5", "6"]
    assert table.rows[0].cells["departments"] == "县教育局"
    assert table.rows[0].cells["status"] == "按时序推进"


def test_a_header_row_is_shown_as_printed_and_skipped():
    data = (GOVERNMENTS / MEISHAN).read_bytes()
    sample = source_sample(MEISHAN, data, HINTS)
    assert sample.signature[:3] == ("工程名称", "序号", "项目内容")
    layout = ColumnLayout(MEISHAN_FIELDS, sample.signature)
    table = read_with_layout(MEISHAN, data, layout, HINTS)
    assert table.rows[0].cells["seq"] == "1"
    assert "task#2" in table.fields
    assert table.rows[0].cells["departments"].startswith("市人力资源")


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            ("seq", "task", "departments", "departments", "status"),
            MAPPING_REPEATED.format(field="牵头部门", columns="第3列、第4列"),
        ),
        (("seq", "task", "departments"), MAPPING_WIDTH.format(expected=3, actual=5)),
    ],
)
def test_a_mapping_that_cannot_be_read_says_why(fields, message):
    data = (GOVERNMENTS / PINGYANG).read_bytes()
    with pytest.raises(ReadError) as refused:
        read_with_layout(PINGYANG, data, ColumnLayout(fields), HINTS)
    assert str(refused.value) == message


@pytest.mark.django_db
def test_a_saved_layout_reads_the_next_file_of_that_shape():
    Department.objects.create(name="平阳县", kind=DepartmentKind.GOVERNMENT)
    table_layout_save(
        government_name="平阳县",
        name="民生实事进展表",
        layout=ColumnLayout(PINGYANG_FIELDS),
        actor=SYSTEM,
    )
    assert AuditEvent.objects.filter(verb="reporting.table_layout_save").exists()
    outcome = progress_table_load(
        name=PINGYANG,
        data=(GOVERNMENTS / PINGYANG).read_bytes(),
        government="平阳县",
        year=2021,
        period="1-7月",
        as_of=datetime.date(2021, 7, 31),
        create_departments=True,
        status_words={"按时序推进": "ON_TRACK"},
        actor=SYSTEM,
    )
    assert outcome.preview.layout_name == "民生实事进展表"
    # Six rows read from the first; 县残联 (an abbreviation) is not yet read as a unit name.
    assert [d.seq for d in outcome.preview.drafts] == ["1", "2", "3", "4", "6"]
    assert outcome.preview.problems == ["第5行(序号5):无法从「县残联」中读出单位名称。"]
    assert not KeyTask.objects.exists()


@pytest.mark.django_db
def test_a_layout_needs_the_task_and_lead_columns():
    Department.objects.create(name="平阳县", kind=DepartmentKind.GOVERNMENT)
    with pytest.raises(DomainError) as refused:
        table_layout_save(
            government_name="平阳县",
            name="x",
            layout=ColumnLayout(("seq", "task", "ignore", "progress", "status")),
            actor=SYSTEM,
        )
    assert str(refused.value) == LAYOUT_REQUIRED_MISSING.format(fields="牵头部门")


FORM = {"year": "2017", "period": "1-11月", "as_of": "2017-11-30", "profile": "jiaxing"}


def _upload(client, name, government):
    data = (GOVERNMENTS / name).read_bytes()
    form = {**FORM, "government": government, "file": SimpleUploadedFile(name, data)}
    return client.post(reverse("imports:batch_list"), form)


@pytest.mark.django_db
def test_the_web_preview_maps_saves_and_then_maps_itself(
    office_client, django_capture_on_commit_callbacks
):
    Department.objects.create(name="平阳县", kind=DepartmentKind.GOVERNMENT)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(office_client, PINGYANG, "平阳县")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.NEEDS_MAPPING
    page = office_client.get(response.url).content.decode()
    assert "对应各列" in page
    assert "第5列(无表头)" in page
    post = {f"column-{i}": f for i, f in enumerate(PINGYANG_FIELDS)}
    post.update(action="remap", save_layout="1", layout_name="民生实事进展表")
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(response.url, post)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW, batch.error
    assert batch.summary["numbered_tasks"] == 5
    assert batch.summary["status_words"] == {"按时序推进": "ON_TRACK"}
    assert TableLayout.objects.get().mapping == list(PINGYANG_FIELDS)
    assert AuditEvent.objects.filter(verb="imports.remap").exists()
    # The next file of that shape asks nothing.
    with django_capture_on_commit_callbacks(execute=True):
        again = _upload(office_client, PINGYANG, "平阳县")
    second = ImportBatch.objects.order_by("-pk")[0]
    assert second.status == ImportStatus.PREVIEW
    assert "已按表格版式「民生实事进展表」读取" in office_client.get(again.url).content.decode()


@pytest.mark.django_db
def test_a_recognised_file_can_be_mapped_again(office_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(office_client, MEISHAN, "眉山市")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.PREVIEW
    assert "调整列对应" in office_client.get(response.url).content.decode()
    page = office_client.get(response.url + "?step=mapping").content.decode()
    assert "完成目标" in page
    assert "市级牵头" in page
    post = {f"column-{i}": f for i, f in enumerate(MEISHAN_FIELDS)}
    post["action"] = "remap"
    with django_capture_on_commit_callbacks(execute=True):
        office_client.post(response.url, post)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW, batch.error
    assert batch.params["layout"]["fields"] == list(MEISHAN_FIELDS)
    # Read with the office's columns; the unit printed over two lines (市人力资源 / 社会保障局)
    # is not yet read as one name: those rows are the only problems.
    assert batch.summary["rows"] + batch.summary["problem_count"] == 15
    assert "市人力资源" in batch.problems[0]
    assert set(batch.summary["status_words"]) <= {"超额完成", "已完成", "达到时间进度"}


@pytest.mark.django_db
def test_an_incomplete_mapping_is_refused_on_the_page(
    office_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(office_client, PINGYANG, "平阳县")
    batch = ImportBatch.objects.get()
    assert batch.status == ImportStatus.NEEDS_MAPPING
    post = {f"column-{i}": "ignore" for i in range(5)}
    post["action"] = "remap"
    answer = office_client.post(response.url, post, follow=True).content.decode()
    assert LAYOUT_REQUIRED_MISSING.format(fields="主要工作任务」「牵头部门") in answer
    batch.refresh_from_db()
    assert batch.status == ImportStatus.NEEDS_MAPPING


def test_the_command_reads_with_a_saved_layout(db, tmp_path):
    Department.objects.create(name="平阳县", kind=DepartmentKind.GOVERNMENT)
    table_layout_save(
        government_name="平阳县", name="民生", layout=ColumnLayout(PINGYANG_FIELDS), actor=SYSTEM
    )
    path = tmp_path / "p.html"
    path.write_bytes((GOVERNMENTS / PINGYANG).read_bytes())
    out = io.StringIO()
    # 县残联 is not yet read as a unit name: the file has a problem, and the command says so.
    with pytest.raises(CommandError):
        call_command(
            "import_table",
            str(path),
            "--government=平阳县",
            "--year=2021",
            "--period=1-7月",
            "--as-of=2021-07-31",
            "--layout=民生",
            "--dry-run",
            "--json",
            stdout=out,
        )
    assert '"layout_name": "民生"' in out.getvalue()
    assert '"numbered_tasks": 5' in out.getvalue()
